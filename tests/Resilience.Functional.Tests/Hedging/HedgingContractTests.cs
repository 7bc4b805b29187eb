namespace Resilience.Functional.Tests;

/// <summary>
/// What a hedged call promises at its edges: argument checks, a caller's cancellation, the timing of the next hedge
/// after a failure, the clock left clean, a failing clock, and the caller's synchronization context left alone.
/// </summary>
public class HedgingContractTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly Error Transient = new HttpStatusError(503);

    private readonly ScriptedAttempts attempts = new();

    private static Either<Error, int> Ok(int value) => Either<Error, int>.Right(value);

    private static Either<Error, int> Fail(Error error) => Either<Error, int>.Left(error);

    [Fact]
    public void A_null_operation_is_rejected_when_hedging_is_applied_and_a_bad_maximum_says_its_range()
    {
        Func<CancellationToken, ValueTask<Either<Error, int>>> missing = null!;

        Assert.Throws<ArgumentNullException>("operation", () => missing.WithHedging(new HedgingOptions()));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new HedgingOptions { MaxHedgedAttempts = 0 });
        Assert.StartsWith("MaxHedgedAttempts must be in [1, 100].", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_call_is_cancelled_without_starting_any_attempt()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        // Called directly, not through Run (which checks the token itself).
        var result = await attempts.Op.WithHedging(new HedgingOptions { TimeProvider = new SignallingClock() })(cts.Token);

        Assert.Equal(Fail(CancelledError.Instance), result);
        Assert.Equal(0, attempts.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_gives_cancelled_even_when_the_last_attempt_answers_it_with_a_transient_failure()
    {
        // Like a client that reports its own cancellation as a 503: the caller still gets its cancellation.
        var sources = new List<TaskCompletionSource<Either<Error, int>>>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var op = Op.Of<int>(ct =>
        {
            var source = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (sources)
            {
                sources.Add(source);
                if (sources.Count == 2)
                {
                    second.SetResult();
                }
            }

            ct.Register(() => source.TrySetResult(Fail(Transient)));
            return new(source.Task);
        });
        using var cts = new CancellationTokenSource();
        var call = op.WithHedging(new HedgingOptions { Delay = Timeout.InfiniteTimeSpan, TimeProvider = new SignallingClock() })(cts.Token);
        sources[0].SetResult(Fail(Transient));
        await second.Task.WaitAsync(Wait);

        await cts.CancelAsync();

        Assert.Equal(Fail(CancelledError.Instance), await call.AsTask().WaitAsync(Wait));
        Assert.Equal(2, sources.Count);
    }

    [Fact]
    public async Task After_a_failure_starts_a_hedge_the_next_delay_counts_from_that_hedge()
    {
        var clock = new SignallingClock();
        var call = attempts.Op.WithHedging(new HedgingOptions { MaxHedgedAttempts = 2, Delay = Delay, TimeProvider = clock })(default);
        await clock.TimerCreated();
        var half = TimeSpan.FromTicks(Delay.Ticks / 2);
        clock.Advance(half);
        attempts.Result(0).SetResult(Fail(Transient));
        await attempts.Started(1);
        await clock.TimerCreated();

        // The first attempt's delay would have ended here; the hedge's own delay has not.
        clock.Advance(Delay - half);
        clock.Advance(half - TimeSpan.FromTicks(1));
        Assert.Equal(2, attempts.Count);
        Assert.False(call.IsCompleted);

        clock.Advance(TimeSpan.FromTicks(1));
        await attempts.Started(2);
        attempts.Result(2).SetResult(Ok(3));

        Assert.Equal(Ok(3), await call.AsTask().WaitAsync(Wait));
        Assert.True(attempts.Token(1).IsCancellationRequested);
    }

    [Fact]
    public async Task A_hedged_call_leaves_no_timer_behind_on_its_clock_when_a_failure_started_the_hedge()
    {
        var clock = new CountingClock();
        var call = attempts.Op.WithHedging(new HedgingOptions { Delay = Delay, TimeProvider = clock })(default);
        Assert.Equal(1, clock.Live);
        attempts.Result(0).SetResult(Fail(Transient));
        await attempts.Started(1);
        attempts.Result(1).SetResult(Ok(2));

        Assert.Equal(Ok(2), await call.AsTask().WaitAsync(Wait));
        Assert.Equal(1, clock.Created);
        Assert.Equal(0, clock.Live);
    }

    [Fact]
    public async Task A_clock_that_fails_to_create_the_hedge_timer_gives_its_exception_as_the_error_and_cancels_the_attempt()
    {
        var broken = new InvalidOperationException("no timers today");
        var call = attempts.Op.WithHedging(new HedgingOptions { Delay = Delay, TimeProvider = new TimerlessClock(broken) })(default);

        var result = await call.AsTask().WaitAsync(Wait);

        Assert.True(result.IsLeft);
        Assert.Same(broken, ((Error)result).ToException());
        Assert.True(attempts.Token(0).IsCancellationRequested);
    }

    [Fact]
    public async Task A_hedged_call_never_resumes_on_the_callers_synchronization_context()
    {
        var context = new RecordingContext();
        var seen = new SynchronizationContext?[2];
        var op = Op.Of<int>(ct =>
        {
            seen[attempts.Count] = SynchronizationContext.Current;
            return attempts.Op(ct);
        });
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        ValueTask<Either<Error, int>> call;
        try
        {
            call = op.WithHedging(new HedgingOptions { Delay = Timeout.InfiniteTimeSpan, TimeProvider = new SignallingClock() })(default);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        attempts.Result(0).SetResult(Fail(Transient));
        await attempts.Started(1);
        attempts.Result(1).SetResult(Ok(2));

        Assert.Equal(Ok(2), await call.AsTask().WaitAsync(Wait));
        Assert.Same(context, seen[0]); // the first attempt runs on the caller's thread, as called
        Assert.NotSame(context, seen[1]);
        Assert.Equal(0, context.Posts);
    }

    /// <summary>A context like a UI thread's: what is posted to it runs with it current.</summary>
    private sealed class RecordingContext : SynchronizationContext
    {
        private int posts;

        public int Posts => Volatile.Read(ref posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref posts);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                var saved = Current;
                SetSynchronizationContext(this);
                try
                {
                    d(state);
                }
                finally
                {
                    SetSynchronizationContext(saved);
                }
            });
        }
    }

    /// <summary>A clock whose timers cannot be created.</summary>
    private sealed class TimerlessClock(Exception failure) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => throw failure;
    }
}
