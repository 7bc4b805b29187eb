using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Resilience.Functional.Tests;

public class HedgingTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly Error Transient = new HttpStatusError(503);

    private readonly SignallingClock clock = new();
    private readonly ScriptedAttempts attempts = new();

    private HedgingOptions Options(int hedges = 1) => new() { MaxHedgedAttempts = hedges, Delay = Delay, TimeProvider = clock };

    private static Either<Error, int> Ok(int value) => Either<Error, int>.Right(value);

    private static Either<Error, int> Fail(Error error) => Either<Error, int>.Left(error);

    [Fact]
    public async Task A_primary_that_answers_in_time_is_the_only_attempt()
    {
        var call = attempts.Op.WithHedging(Options()).Run(default);
        await clock.TimerCreated();
        attempts.Result(0).SetResult(Ok(1));

        Assert.Equal(1, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task After_the_delay_a_hedge_starts_and_the_first_success_wins_and_cancels_the_other()
    {
        var call = attempts.Op.WithHedging(Options()).Run(default);
        await clock.TimerCreated();
        clock.Advance(Delay - TimeSpan.FromTicks(1));
        Assert.Equal(1, attempts.Count);
        clock.Advance(TimeSpan.FromTicks(1));
        await attempts.Started(1);
        attempts.Result(1).SetResult(Ok(2));

        Assert.Equal(2, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(attempts.Token(0).IsCancellationRequested);
    }

    [Fact]
    public async Task The_primary_can_still_win_after_a_hedge_started()
    {
        var call = attempts.Op.WithHedging(Options()).Run(default);
        await clock.TimerCreated();
        clock.Advance(Delay);
        await attempts.Started(1);
        attempts.Result(0).SetResult(Ok(1));

        Assert.Equal(1, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(attempts.Token(1).IsCancellationRequested);
    }

    [Fact]
    public async Task A_transient_failure_starts_the_next_attempt_at_once()
    {
        var call = attempts.Op.WithHedging(Options() with { Delay = Timeout.InfiniteTimeSpan }).Run(default);
        attempts.Result(0).SetResult(Fail(Transient));
        await attempts.Started(1);
        attempts.Result(1).SetResult(Ok(2));

        Assert.Equal(2, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_synchronous_transient_failure_hedges_too()
    {
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? Outcome.Failure<int>(Transient) : Outcome.Success(runs));

        Assert.Equal(2, (int)await op.WithHedging(Options()).Run(default));
    }

    [Fact]
    public async Task A_failure_not_worth_hedging_is_the_answer()
    {
        var permanent = new HttpStatusError(400);
        var call = attempts.Op.WithHedging(Options()).Run(default);
        attempts.Result(0).SetResult(Fail(permanent));

        Assert.Same(permanent, (Error)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task When_every_attempt_fails_every_error_is_returned_in_attempt_order()
    {
        var errors = new Error[] { new HttpStatusError(500), new HttpStatusError(502), new HttpStatusError(503) };
        var call = attempts.Op.WithHedging(Options(hedges: 2)).Run(default);
        await clock.TimerCreated();
        clock.Advance(Delay);
        await attempts.Started(1);
        attempts.Result(1).SetResult(Fail(errors[1]));
        await attempts.Started(2);
        attempts.Result(2).SetResult(Fail(errors[2]));
        attempts.Result(0).SetResult(Fail(errors[0]));

        var error = Assert.IsType<HedgingExhaustedError>((Error)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(errors, error.Attempts.ToArray());
        Assert.False(ErrorClassifier.Default.IsTransient(error));
    }

    [Fact]
    public async Task No_more_than_the_maximum_attempts_start()
    {
        var call = attempts.Op.WithHedging(Options(hedges: 2)).Run(default);
        for (var i = 1; i <= 2; i++)
        {
            await clock.TimerCreated();
            clock.Advance(Delay);
            await attempts.Started(i);
        }

        clock.Advance(Delay * 10);
        Assert.Equal(3, attempts.Count);
        Assert.False(call.IsCompleted);
        attempts.Result(2).SetResult(Ok(3));
        Assert.Equal(3, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_callers_cancellation_cancels_every_attempt_and_returns_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var call = attempts.Op.WithHedging(Options()).Run(cts.Token);
        await clock.TimerCreated();
        clock.Advance(Delay);
        await attempts.Started(1);
        cts.Cancel();

        Assert.IsType<CancelledError>((Error)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(attempts.Token(0).IsCancellationRequested && attempts.Token(1).IsCancellationRequested);
        Assert.IsType<CancelledError>((Error)await attempts.Op.WithHedging(Options()).Run(cts.Token));
        Assert.Equal(2, attempts.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_losing_attempt_that_faults_later_is_observed(bool loserIsPrimary)
    {
        // Only this test's own fault counts: other tests may leave unobserved exceptions of their own.
        var message = $"late fault {Guid.NewGuid()}";
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == message))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var loser = await HedgeWithALoserThatFaultsLater(loserIsPrimary, message);

            // An unobserved fault is reported when its task is finalized, so the loser's task must become garbage:
            // nothing here holds it, and the library must not either once it has observed the fault.
            var bound = Stopwatch.StartNew();
            while (loser.IsAlive && bound.Elapsed < TimeSpan.FromSeconds(10))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Yield();
            }

            Assert.False(loser.IsAlive, "the losing attempt's task was never collected, so an unobserved fault could not show");
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }

        Assert.Equal(0, unobserved);
    }

    // Not inlined, and its locals die with it: the caller keeps only a weak reference to the losing attempt's task.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<WeakReference> HedgeWithALoserThatFaultsLater(bool loserIsPrimary, string message)
    {
        var loser = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hedged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var op = Op.Of<int>(_ =>
        {
            var primary = Interlocked.Increment(ref runs) == 1;
            if (!primary)
            {
                hedged.SetResult();
            }

            return new(primary == loserIsPrimary ? loser.Task : winner.Task);
        });
        var call = op.WithHedging(Options()).Run(default);
        await clock.TimerCreated();
        clock.Advance(Delay);
        await hedged.Task.WaitAsync(TimeSpan.FromSeconds(10));
        winner.SetResult(Ok(2));

        Assert.Equal(2, (int)await call.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, runs);
        loser.SetException(new IOException(message));
        return new WeakReference(loser.Task);
    }

    [Fact]
    public void A_primary_that_succeeds_synchronously_takes_the_fast_path_without_allocating()
    {
        var hedged = Op.Succeed(7).WithHedging(Options());
        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var pending = hedged(default);
            Assert.True(pending.IsCompletedSuccessfully);
            total += (int)pending.Result;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(7 * (100 + (5 * 1000)), total);
    }

    [Fact]
    public void Bad_options_fail_when_set()
    {
        Assert.Equal("MaxHedgedAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new HedgingOptions { MaxHedgedAttempts = 0 }).ParamName);
        Assert.Equal("MaxHedgedAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new HedgingOptions { MaxHedgedAttempts = 101 }).ParamName);
        Assert.Equal("Delay", Assert.Throws<ArgumentOutOfRangeException>(() => new HedgingOptions { Delay = TimeSpan.Zero }).ParamName);
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => new HedgingOptions { Delay = TimeSpan.FromSeconds(-2) }).Message);
        Assert.Throws<ArgumentNullException>("ShouldHedge", () => new HedgingOptions { ShouldHedge = null! });
        Assert.Throws<ArgumentNullException>("TimeProvider", () => new HedgingOptions { TimeProvider = null! });
        Assert.Throws<ArgumentNullException>("options", () => Op.Succeed(1).WithHedging(null!));
    }
}
