using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class TimeoutTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private static TimeoutOptions Options(FakeTimeProvider time, TimeoutMode mode = TimeoutMode.Cooperative) =>
        new() { Timeout = Limit, TimeProvider = time, Mode = mode };

    /// <summary>An operation that waits for its token, then throws like any well-behaved async API.</summary>
    private static Func<CancellationToken, ValueTask<Either<Error, int>>> WaitsForToken() =>
        async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        };

    [Fact]
    public void Success_passes_through_synchronously()
    {
        var guarded = Op.Succeed(42).WithTimeout(Options(new FakeTimeProvider()));

        var pending = guarded(CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(Right<Error, int>(42), pending.Result);
    }

    [Fact]
    public void Errors_of_the_operation_pass_through()
    {
        var error = Error.New(7, "mine");
        var guarded = Op.Fail<int>(error).WithTimeout(Options(new FakeTimeProvider()));

        Assert.Equal(Left<Error, int>(error), guarded(CancellationToken.None).Result);
    }

    [Fact]
    public void A_synchronous_throw_becomes_an_exceptional_error()
    {
        var guarded = Op.Of<int>(_ => throw new InvalidOperationException("boom")).WithTimeout(Options(new FakeTimeProvider()));

        var error = guarded(CancellationToken.None).Result.LeftToSeq().Single();

        Assert.True(error.Is<InvalidOperationException>());
    }

    [Fact]
    public async Task The_deadline_cancels_the_token_and_gives_a_timeout_error()
    {
        var time = new FakeTimeProvider();
        var pending = WaitsForToken().WithTimeout(Options(time))(CancellationToken.None);

        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        var error = (await pending).LeftToSeq().Single();
        Assert.Equal(new TimeoutError(Limit), error);
        Assert.True(error.Is(Errors.TimedOut));
    }

    [Fact]
    public async Task The_callers_cancellation_stays_cancelled()
    {
        using var caller = new CancellationTokenSource();
        var pending = WaitsForToken().WithTimeout(Options(new FakeTimeProvider()))(caller.Token);

        await caller.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await pending);
    }

    [Fact]
    public void A_synchronous_call_allocates_nothing_on_a_fresh_caller_token()
    {
        // HttpClient hands every request a fresh linked token source: linking to it at once would allocate a
        // registration per call; a call that completes synchronously needs no link.
        var guarded = Op.Succeed(1).WithTimeout(Options(new FakeTimeProvider()));
        var callers = Enumerable.Range(0, 8000).Select(_ => new CancellationTokenSource()).ToArray();
        var next = 0;

        var bytes = Allocations.LeastPerRound(() => _ = guarded(callers[next++].Token), calls: 1000, rounds: 5);

        Assert.Equal(0, bytes);
        Assert.All(callers, c => c.Dispose());
    }

    [Fact]
    public async Task A_caller_cancelled_while_the_operation_ran_synchronously_cancels_it_once_it_goes_asynchronous()
    {
        using var caller = new CancellationTokenSource();
        var time = new FakeTimeProvider();
        var guarded = Op.Of<int>(ct =>
        {
            caller.Cancel();
            return WaitsForToken()(ct);
        }).WithTimeout(Options(time));

        var pending = guarded(caller.Token);

        // No time passes: the link made when the operation went asynchronous finds the caller cancelled.
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_caller_cancelled_during_a_synchronous_operation_reaches_its_token_at_the_timers_next_look()
    {
        using var caller = new CancellationTokenSource();
        var sawIt = false;
        var guarded = Op.Of<int>(ct =>
        {
            caller.Cancel();
            sawIt = SpinWait.SpinUntil(() => ct.IsCancellationRequested, TimeSpan.FromSeconds(10));
            return ct.IsCancellationRequested ? new(Either<Error, int>.Left(CancelledError.Instance)) : new(1);
        }).WithTimeout(TimeSpan.FromSeconds(1));

        var result = guarded(caller.Token);

        Assert.True(sawIt, "the operation's token was not cancelled within 10 s of the caller's cancellation");
        Assert.Equal(Left<Error, int>(CancelledError.Instance), result.Result);
    }

    [Fact]
    public void An_already_cancelled_caller_does_not_run_the_operation()
    {
        var runs = 0;
        var guarded = Op.FromFunc(_ => ++runs).WithTimeout(Options(new FakeTimeProvider()));

        var result = guarded(new CancellationToken(canceled: true)).Result;

        Assert.Equal(Left<Error, int>(CancelledError.Instance), result);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Cooperative_mode_keeps_a_late_success_of_an_operation_that_ignores_its_token()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Op.Of<int>(_ => new(gate.Task)).WithTimeout(Options(time))(CancellationToken.None);

        time.Advance(Limit * 2);
        Assert.False(pending.IsCompleted);
        gate.SetResult(5);

        Assert.Equal(Right<Error, int>(5), await pending);
    }

    [Fact]
    public async Task Pessimistic_mode_returns_at_the_deadline_even_if_the_operation_ignores_its_token()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Op.Of<int>(_ => new(gate.Task)).WithTimeout(Options(time, TimeoutMode.Pessimistic))(CancellationToken.None);

        time.Advance(Limit);

        Assert.Equal(Left<Error, int>(new TimeoutError(Limit)), await pending);
        gate.SetResult(5);
    }

    [Fact]
    public async Task Pessimistic_mode_returns_at_once_when_the_caller_cancels()
    {
        using var caller = new CancellationTokenSource();
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Op.Of<int>(_ => new(gate.Task)).WithTimeout(Options(new FakeTimeProvider(), TimeoutMode.Pessimistic))(caller.Token);

        await caller.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await pending);
        gate.SetResult(5);
    }

    [Fact]
    public async Task Pessimistic_mode_keeps_a_result_that_arrives_before_the_deadline()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = Op.Of<int>(_ => new(gate.Task)).WithTimeout(Options(time, TimeoutMode.Pessimistic))(CancellationToken.None);

        gate.SetResult(9);

        Assert.Equal(Right<Error, int>(9), await pending);
    }

    [Fact]
    public async Task The_abandoned_operations_fault_is_observed()
    {
        const string marker = "abandoned-fault-marker";
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == marker))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            for (var round = 0; round < 3; round++)
            {
                await AbandonAndFault(marker);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }

            Assert.Equal(0, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    // Not inlined, so that no reference to the abandoned task survives on the test's stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task AbandonAndFault(string marker)
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource<Either<Error, int>>();
        var pending = Op.Of<int>(_ => new(gate.Task)).WithTimeout(Options(time, TimeoutMode.Pessimistic))(CancellationToken.None);
        time.Advance(Limit);
        Assert.IsType<TimeoutError>((await pending).LeftToSeq().Single());

        gate.SetException(new InvalidOperationException(marker));
    }

    [Fact]
    public async Task A_tick_left_from_an_earlier_call_does_not_cut_a_later_call_short()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var guarded = Op.Of<int>(ct => Interlocked.Increment(ref calls) == 1 ? Outcome.Success(0) : WaitsForToken()(ct))
            .WithTimeout(Options(time));

        // The first call leaves the pooled lease's timer set for t = Limit; the second is armed at Limit / 2.
        Assert.True(guarded(CancellationToken.None).IsCompletedSuccessfully);
        time.Advance(Limit / 2);
        var second = guarded(CancellationToken.None);
        time.Advance(Limit / 2);
        Assert.False(second.IsCompleted);
        time.Advance(Limit / 2);

        Assert.IsType<TimeoutError>((await second).LeftToSeq().Single());
    }

    [Fact]
    public void A_stale_tick_does_not_cancel_the_call_that_rented_the_lease_next()
    {
        var time = new FakeTimeProvider();
        var pool = new TokenSourcePool<TimeoutLease>(() => new TimeoutLease(time, Limit));
        var first = pool.Rent();
        first.Arm(CancellationToken.None);
        var firstEnded = -1;
        TimeoutLease? second = null;

        // The first call's tick finds it armed at its deadline and is pre-empted; meanwhile the call ends in time,
        // its lease goes back to the pool and the next call rents and arms it. Then the old tick acts.
        first.TickObserved = () =>
        {
            first.TickObserved = null;
            firstEnded = first.Release(pool);
            second = pool.Rent();
            second.Arm(CancellationToken.None);
        };
        time.Advance(Limit);

        Assert.Equal(TimeoutLease.Armed, firstEnded);
        Assert.NotNull(second);
        Assert.Same(first, second);
        Assert.False(second.Token.IsCancellationRequested);
        time.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(second.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(second.Token.IsCancellationRequested);
        Assert.Equal(TimeoutLease.TimedOut, second.Release(pool));
    }

    [Fact]
    public async Task A_timed_out_call_does_not_spoil_the_next_one()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var guarded = Op.Of<int>(ct => Interlocked.Increment(ref calls) == 1 ? WaitsForToken()(ct) : Outcome.Success(2))
            .WithTimeout(Options(time));

        var first = guarded(CancellationToken.None);
        time.Advance(Limit);
        Assert.IsType<TimeoutError>((await first).LeftToSeq().Single());

        Assert.Equal(Right<Error, int>(2), guarded(CancellationToken.None).Result);
    }

    [Fact]
    public async Task Concurrent_callers_share_the_lease_pool_safely()
    {
        var time = new FakeTimeProvider();
        var guarded = Op.Of<int>(ct => ct.IsCancellationRequested ? Outcome.Cancelled<int>() : Outcome.Success(1)).WithTimeout(Options(time));
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var ok = 0;
            for (var i = 0; i < 5_000; i++)
            {
                ok += (await guarded(CancellationToken.None)).IsRight ? 1 : 0;
            }

            return ok;
        })).ToArray();

        var results = await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, ok => Assert.Equal(5_000, ok));
    }

    [Fact]
    public void The_success_path_does_not_allocate()
    {
        AssertNoAllocation(Op.Succeed(1).WithTimeout(Options(new FakeTimeProvider())));
        AssertNoAllocation(Op.Succeed(1).WithTimeout(Limit));
    }

    private static void AssertNoAllocation(Func<CancellationToken, ValueTask<Either<Error, int>>> guarded)
    {
        // Warm with a cancellable caller token too, so that both registration paths are jitted.
        using var caller = new CancellationTokenSource();
        for (var i = 0; i < 100; i++)
        {
            _ = guarded(caller.Token);
        }

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = guarded(CancellationToken.None)));
    }

    [Fact]
    public void Bad_options_fail_at_construction()
    {
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeoutOptions { Timeout = TimeSpan.Zero }).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeoutOptions { Timeout = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => Op.Succeed(1).WithTimeout(TimeSpan.FromDays(100))).ParamName);
        Assert.Equal("Mode", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeoutOptions { Mode = (TimeoutMode)7 }).ParamName);
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => new TimeoutOptions { TimeProvider = null! }).ParamName);
        Assert.Contains("greater than zero", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeoutOptions { Timeout = TimeSpan.Zero }).Message);
    }
}
