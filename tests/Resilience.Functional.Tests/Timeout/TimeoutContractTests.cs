using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// What a timeout promises beyond its deadline: arguments named when rejected, which error a caller gets when the
/// caller or the operation itself cancelled, and that no continuation runs on the caller's synchronization context.
/// </summary>
public class TimeoutContractTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_null_operation_or_null_options_is_rejected_with_its_name()
    {
        var operation = Op.Succeed(1);

        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithTimeout(new TimeoutOptions())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => operation.WithTimeout((TimeoutOptions)null!)).ParamName);
    }

    [Fact]
    public void An_undefined_mode_is_rejected_with_a_message_that_names_the_modes()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TimeoutOptions { Mode = (TimeoutMode)7 });

        Assert.Equal("Mode", error.ParamName);
        Assert.Contains("Cooperative or Pessimistic", error.Message);
    }

    [Fact]
    public async Task A_failure_after_the_caller_cancelled_is_a_cancellation_whatever_the_operation_returned()
    {
        var finish = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var guarded = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(finish.Task))
            .WithTimeout(new TimeoutOptions { Timeout = Limit, TimeProvider = new FakeTimeProvider() });
        using var caller = new CancellationTokenSource();

        var pending = guarded(caller.Token);
        await caller.CancelAsync();
        finish.SetResult(Either<Error, int>.Left(Error.New("the operation's own failure")));

        Assert.IsType<CancelledError>((Error)await pending);
    }

    // A cancellation the operation made itself (an inner token of its own), before any deadline, is its own failure:
    // neither a timeout nor the caller's cancellation. Both the exact (virtual clock) and the shared (system) path.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_cancellation_of_the_operations_own_before_the_deadline_passes_through(bool virtualClock)
    {
        var own = Error.New(new OperationCanceledException("cancelled by the operation itself"));
        var options = virtualClock ? new TimeoutOptions { Timeout = Limit, TimeProvider = new FakeTimeProvider() } : new TimeoutOptions { Timeout = Limit };
        var guarded = Op.Of<int>(_ => Outcome.Failure<int>(own)).WithTimeout(options);

        var result = guarded(CancellationToken.None);

        Assert.Same(own, (Error)result.Result);
    }

    [Theory]
    [InlineData(TimeoutMode.Cooperative, true)]
    [InlineData(TimeoutMode.Pessimistic, true)]
    [InlineData(TimeoutMode.Cooperative, false)]
    public async Task A_timeout_never_resumes_on_the_callers_synchronization_context(TimeoutMode mode, bool virtualClock)
    {
        var finish = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = virtualClock
            ? new TimeoutOptions { Timeout = Limit, Mode = mode, TimeProvider = new FakeTimeProvider() }
            : new TimeoutOptions { Timeout = Limit, Mode = mode };
        var guarded = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(finish.Task)).WithTimeout(options);
        var context = new CountingSynchronizationContext();

        var pending = context.Install(() => guarded(CancellationToken.None));
        await Task.Run(() => finish.SetResult(Either<Error, int>.Right(1)));

        Assert.Equal(1, (int)await pending);
        Assert.Equal(0, context.Posts);
    }

    // Two calls in turn through one pooled token source (the second rents the one the first gave back; with no
    // synchronization context every continuation here runs inline, on this thread, whose spare it is): the first
    // caller's cancellation, after its call ended, must not reach the second call, and the second caller's reaches it at
    // once, with no clock advanced.
    [Theory]
    [InlineData(TimeoutMode.Cooperative)]
    [InlineData(TimeoutMode.Pessimistic)]
    public void A_callers_cancellation_reaches_its_own_call_at_once_and_never_a_later_one(TimeoutMode mode) =>
        WithoutSynchronizationContext.Run(() =>
        {
            var seen = CancellationToken.None;
            TaskCompletionSource<Either<Error, int>>? finish = null;
            var guarded = Op.Of<int>(ct =>
                {
                    seen = ct;
                    finish = new TaskCompletionSource<Either<Error, int>>();
                    return new ValueTask<Either<Error, int>>(finish.Task);
                })
                .WithTimeout(new TimeoutOptions { Timeout = Limit, Mode = mode, TimeProvider = new FakeTimeProvider() });
            using var first = new CancellationTokenSource();
            using var second = new CancellationTokenSource();

            var one = guarded(first.Token);
            var firstToken = seen;
            finish!.SetResult(Either<Error, int>.Right(1));
            Assert.Equal(1, (int)one.Result);
            var two = guarded(second.Token);
            Assert.Equal(firstToken, seen);

            first.Cancel();
            Assert.False(seen.IsCancellationRequested);
            second.Cancel();
            Assert.True(seen.IsCancellationRequested);
            finish.TrySetResult(Either<Error, int>.Left(Error.New("stopped")));
            Assert.IsType<CancelledError>((Error)two.AsTask().GetAwaiter().GetResult());
        });
}
