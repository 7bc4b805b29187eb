using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The timeout reads an operation's value task exactly once on every path, so pooled sources work.</summary>
public class TimeoutValueTaskTests
{
    private static readonly Error Transient = new HttpStatusError(503);

    public static TheoryData<TimeoutMode, bool> Cases() => new()
    {
        { TimeoutMode.Cooperative, true },
        { TimeoutMode.Cooperative, false },
        { TimeoutMode.Pessimistic, true },
        { TimeoutMode.Pessimistic, false },
    };

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Guard(Func<CancellationToken, ValueTask<Either<Error, int>>> operation, TimeoutMode mode) =>
        operation.WithTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2), Mode = mode, TimeProvider = new FakeTimeProvider() });

    private static Either<Error, int> Expected(bool succeeds) => succeeds ? Right<Error, int>(5) : Left<Error, int>(Transient);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_completed_pooled_value_task_is_read_once(TimeoutMode mode, bool succeeds)
    {
        var source = new ReadOnceValueTaskSource<Either<Error, int>>(Expected(succeeds));

        Assert.Equal(Expected(succeeds), await Guard(_ => source.Task, mode)(CancellationToken.None));
        Assert.Equal(1, source.Reads);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pooled_async_operation_that_completed_before_it_returned_is_read_once(TimeoutMode mode, bool succeeds)
    {
        var guarded = Guard(
            _ =>
            {
                // The gate runs the pooled method's continuation inline, so its box has completed when the timeout gets it.
                var gate = new TaskCompletionSource();
                var pending = Pooled(gate.Task, Expected(succeeds));
                gate.SetResult();
                return pending;
            },
            mode);

        // A few rounds, so that the boxes are recycled between calls.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Expected(succeeds), await guarded(CancellationToken.None));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pooled_async_operation_still_running_is_read_once(TimeoutMode mode, bool succeeds)
    {
        for (var i = 0; i < 3; i++)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = Guard(_ => Pooled(gate.Task, Expected(succeeds)), mode)(CancellationToken.None);
            Assert.False(pending.IsCompleted);
            gate.SetResult();

            Assert.Equal(Expected(succeeds), await pending);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Either<Error, int>> Pooled(Task gate, Either<Error, int> outcome)
    {
        await gate;
        return outcome;
    }
}
