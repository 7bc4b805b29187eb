using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The breaker reads an operation's value task exactly once on every path, so pooled sources work.</summary>
public class CircuitBreakerValueTaskTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, bool> Paths() => new()
    {
        { "closed, quiet", true },
        { "closed, after a failure", true },
        { "closed, failing", false },
        { "closed, ratio window", true },
        { "half-open probe", true },
        { "half-open probe, failing", false },
    };

    private CircuitBreaker Breaker(string path)
    {
        var breaker = new CircuitBreaker(path == "closed, ratio window"
            ? new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.5, TimeProvider = time }
            : new CircuitBreakerOptions { ConsecutiveFailures = 2, TimeProvider = time });
        if (path == "closed, after a failure")
        {
            _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
        }
        else if (path.StartsWith("half-open", StringComparison.Ordinal))
        {
            breaker.Isolate();
            breaker.Reset();
            _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
            _ = Op.Fail<int>(Transient).WithCircuitBreaker(breaker)(CancellationToken.None);
            time.Advance(breaker.TimeUntilHalfOpen);
            Assert.Equal(CircuitState.HalfOpen, breaker.State);
        }

        return breaker;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_completed_pooled_value_task_is_read_once(string path, bool succeeds)
    {
        var outcome = succeeds ? Right<Error, int>(5) : Left<Error, int>(Transient);
        var source = new ReadOnceValueTaskSource<Either<Error, int>>(outcome);
        var guarded = Op.Of<int>(_ => source.Task).WithCircuitBreaker(Breaker(path));

        Assert.Equal(outcome, await guarded(CancellationToken.None));
        Assert.Equal(1, source.Reads);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_pooled_async_operation_that_completed_before_it_returned_is_read_once(string path, bool succeeds)
    {
        var outcome = succeeds ? Right<Error, int>(5) : Left<Error, int>(Transient);
        var completed = Op.Of<int>(_ =>
        {
            // The gate runs the pooled method's continuation inline, so its box has completed when the breaker gets it.
            var gate = new TaskCompletionSource();
            var pending = Pooled(gate.Task, outcome);
            gate.SetResult();
            return pending;
        });

        // A few rounds, so that the boxes are recycled between calls.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(outcome, await completed.WithCircuitBreaker(Breaker(path))(CancellationToken.None));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_pooled_async_operation_still_running_is_read_once(string path, bool succeeds)
    {
        var outcome = succeeds ? Right<Error, int>(5) : Left<Error, int>(Transient);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var guarded = Op.Of<int>(_ => Pooled(gate.Task, outcome)).WithCircuitBreaker(Breaker(path));

        var pending = guarded(CancellationToken.None);
        Assert.False(pending.IsCompleted);
        gate.SetResult();

        Assert.Equal(outcome, await pending);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Either<Error, int>> Pooled(Task gate, Either<Error, int> outcome)
    {
        await gate;
        return outcome;
    }
}
