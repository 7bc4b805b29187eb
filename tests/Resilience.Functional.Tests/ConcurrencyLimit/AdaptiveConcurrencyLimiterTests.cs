using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class AdaptiveConcurrencyLimiterTests
{
    private readonly FakeTimeProvider clock = new();

    /// <summary>Operations that run until the test completes them.</summary>
    private sealed class Held
    {
        private readonly List<TaskCompletionSource<Either<Error, int>>> gates = [];

        public Func<CancellationToken, ValueTask<Either<Error, int>>> Op => _ =>
        {
            var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gates)
            {
                gates.Add(gate);
            }

            return new(gate.Task);
        };

        public int Count
        {
            get
            {
                lock (gates)
                {
                    return gates.Count;
                }
            }
        }

        public void CompleteAll(Either<Error, int> result)
        {
            lock (gates)
            {
                foreach (var gate in gates)
                {
                    gate.TrySetResult(result);
                }

                gates.Clear();
            }
        }
    }

    private AdaptiveConcurrencyLimiter Create(int limit, int queue = 0, TimeSpan? wait = null, ConcurrencyLimitAlgorithm? algorithm = null, int min = 1, int max = 200) =>
        new(new AdaptiveConcurrencyOptions
        {
            InitialLimit = limit,
            MinLimit = min,
            MaxLimit = max,
            MaxQueueLength = queue,
            MaxQueueWait = wait is { } w ? Some(w) : None,
            Algorithm = algorithm ?? new AimdOptions(),
            TimeProvider = clock,
        });

    [Fact]
    public void A_free_slot_runs_at_once_synchronously_and_is_returned()
    {
        var limiter = Create(2);
        var result = Op.Succeed(3).WithConcurrencyLimit(limiter)(CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(Right<Error, int>(3), result.Result);
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task A_slot_granted_as_its_queued_caller_cancels_runs_nothing_and_is_released()
    {
        var limiter = Create(1, queue: 1);
        // Completes inline, so that the first call frees its slot inside the cancellation below.
        var first = new TaskCompletionSource<Either<Error, int>>();
        var running = Op.Of<int>(_ => new(first.Task)).WithConcurrencyLimit(limiter)(CancellationToken.None);
        var ran = 0;
        using var caller = new CancellationTokenSource();
        var queued = Op.Of<int>(_ =>
        {
            ran++;
            return new(1);
        }).WithConcurrencyLimit(limiter)(caller.Token);

        // Registered after the queued wait's own: runs first, so the slot is granted while the token is cancelled.
        caller.Token.Register(() => first.SetResult(0));
        await caller.CancelAsync();

        Assert.Equal(Right<Error, int>(0), await running);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await queued.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, ran);
        Assert.Equal((0, 0), (limiter.InFlight, limiter.Queued));
    }

    [Fact]
    public async Task Beyond_the_limit_and_the_queue_callers_get_the_typed_error_at_once()
    {
        var limiter = Create(2, queue: 1);
        var held = new Held();
        var limited = held.Op.WithConcurrencyLimit(limiter);

        var running = new[] { limited(CancellationToken.None), limited(CancellationToken.None) };
        var waiting = limited(CancellationToken.None);
        var rejected = limited(CancellationToken.None);
        var again = limited(CancellationToken.None);

        Assert.Equal((2, 1, 2), (limiter.InFlight, limiter.Queued, held.Count));
        var error = Assert.IsType<ConcurrencyLimitExceededError>(rejected.Result.LeftToSeq().Single());
        Assert.Equal(new ConcurrencyLimitExceededError(2, 1), error);
        Assert.Same(error, again.Result.LeftToSeq().Single());
        Assert.Equal(ErrorCodes.ConcurrencyLimitExceeded, error.Code);
        Assert.True(ErrorClassifier.Default.IsTransient(error));

        held.CompleteAll(Right<Error, int>(1));
        foreach (var call in running)
        {
            Assert.Equal(Right<Error, int>(1), await call);
        }

        await WaitFor(() => held.Count == 1);
        held.CompleteAll(Right<Error, int>(1));
        Assert.Equal(Right<Error, int>(1), await waiting);
        Assert.Equal((0, 0), (limiter.InFlight, limiter.Queued));
    }

    [Fact]
    public async Task A_queued_caller_that_waits_too_long_or_cancels_leaves_the_queue()
    {
        var limiter = Create(1, queue: 2, wait: TimeSpan.FromSeconds(1));
        var held = new Held();
        var limited = held.Op.WithConcurrencyLimit(limiter);
        using var caller = new CancellationTokenSource();
        var running = limited(CancellationToken.None);
        var timesOut = limited(CancellationToken.None);
        var cancelled = limited(caller.Token);

        await caller.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await cancelled);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<ConcurrencyLimitExceededError>((await timesOut).LeftToSeq().Single());
        Assert.Equal((1, 0), (limiter.InFlight, limiter.Queued));

        held.CompleteAll(Right<Error, int>(1));
        await running;
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task Drops_lower_the_limit_and_a_lowered_limit_holds_callers_back_until_enough_finish()
    {
        var limiter = Create(10, algorithm: new AimdOptions { BackoffRatio = 0.5 });
        var held = new Held();
        var limited = held.Op.WithConcurrencyLimit(limiter);
        var calls = Enumerable.Range(0, 10).Select(_ => limited(CancellationToken.None)).ToList();
        Assert.Equal(10, limiter.InFlight);

        held.CompleteAll(Left<Error, int>(new HttpStatusError(503)));
        foreach (var call in calls)
        {
            Assert.Equal(Left<Error, int>(new HttpStatusError(503)), await call);
        }

        // Ten drops, each halving it: at the minimum.
        Assert.Equal(1, limiter.Limit);
        Assert.Equal(0, limiter.InFlight);
        var first = limited(CancellationToken.None);
        Assert.Equal(new ConcurrencyLimitExceededError(1, 0), (await limited(CancellationToken.None)).LeftToSeq().Single());
        held.CompleteAll(Right<Error, int>(1));
        await first;
    }

    [Fact]
    public async Task A_gradient2_limit_rises_while_latency_holds_and_falls_when_it_climbs()
    {
        var limiter = Create(20, algorithm: new Gradient2Options());
        var held = new Held();
        var limited = held.Op.WithConcurrencyLimit(limiter);
        async Task Round(TimeSpan latency)
        {
            var calls = Enumerable.Range(0, limiter.Limit).Select(_ => limited(CancellationToken.None)).ToList();
            clock.Advance(latency);
            held.CompleteAll(Right<Error, int>(1));
            foreach (var call in calls)
            {
                await call;
            }
        }

        for (var i = 0; i < 5; i++)
        {
            await Round(TimeSpan.FromMilliseconds(20));
        }

        var risen = limiter.Limit;
        Assert.True(risen > 20, $"after steady latency: {risen}");
        await Round(TimeSpan.FromMilliseconds(400));
        Assert.True(limiter.Limit < risen, $"after a 20× slower round: {limiter.Limit} (was {risen})");
    }

    [Fact]
    public async Task Permanent_failures_and_the_callers_cancellation_leave_the_limit_where_it_was()
    {
        var limiter = Create(10);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.Equal(Left<Error, int>(new HttpStatusError(400)), await Op.Fail<int>(new HttpStatusError(400)).WithConcurrencyLimit(limiter).Run(default));
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await Op.Succeed(1).WithConcurrencyLimit(limiter).Run(cancelled.Token));
        var cancelling = Op.Of<int>(_ => new(Left<Error, int>(CancelledError.Instance)));
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await cancelling.WithConcurrencyLimit(limiter).Run(default));

        Assert.Equal(10.0, limiter.Estimate);
    }

    [Fact]
    public async Task A_timeout_inside_the_limit_is_a_drop_and_one_outside_it_is_no_sample()
    {
        var hangs = Op.Of<int>(async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, ct);
            return 1;
        });
        var timeout = new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = clock };

        var inside = Create(10);
        var first = hangs.WithTimeout(timeout).WithConcurrencyLimit(inside).Run(default);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<TimeoutError>((await first).LeftToSeq().Single());
        Assert.Equal(9, inside.Limit);

        var outside = Create(10);
        var second = hangs.WithConcurrencyLimit(outside).WithTimeout(timeout).Run(default);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<TimeoutError>((await second).LeftToSeq().Single());
        Assert.Equal(10.0, outside.Estimate);
        Assert.Equal(0, outside.InFlight);
    }

    [Fact]
    public async Task The_slot_is_released_on_a_throw_a_faulted_task_and_cancellation()
    {
        var limiter = Create(1);
        var throws = Op.Of<int>(_ => throw new IOException("sync"));
        var faults = Op.Of<int>(async _ =>
        {
            await Task.Yield();
            throw new IOException("async");
        });
        using var caller = new CancellationTokenSource();
        var hangs = Op.Of<int>(async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 1;
        });

        Assert.True((await throws.WithConcurrencyLimit(limiter).Run(default)).IsLeft);
        Assert.True((await faults.WithConcurrencyLimit(limiter).Run(default)).IsLeft);
        var pending = hangs.WithConcurrencyLimit(limiter).Run(caller.Token);
        Assert.Equal(1, limiter.InFlight);
        await caller.CancelAsync();
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await pending);

        Assert.Equal(0, limiter.InFlight);
        Assert.Equal(1, limiter.Limit);
    }

    [Fact]
    public void The_success_path_does_not_allocate_while_the_limit_moves()
    {
        var limiter = Create(2, algorithm: new Gradient2Options());
        var limited = Op.Succeed(1).WithConcurrencyLimit(limiter);

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = limited(CancellationToken.None)));
    }

    [Fact]
    public void Settings_across_fields_are_checked_when_the_limiter_is_built()
    {
        Assert.Equal("MinLimit", Assert.Throws<ArgumentOutOfRangeException>(() => Create(5, min: 6, max: 5)).ParamName);
        Assert.Equal("InitialLimit", Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, min: 2, max: 5)).ParamName);
        Assert.Equal("InitialLimit", Assert.Throws<ArgumentOutOfRangeException>(() => Create(6, min: 2, max: 5)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new AdaptiveConcurrencyLimiter(null!)).ParamName);
        Assert.Equal(5, Create(5, min: 5, max: 5).Limit);
    }

    [Fact]
    public void A_policy_describes_the_algorithm_and_the_range()
    {
        var policy = Policy.ConcurrencyLimit(Create(20, queue: 3));

        Assert.Equal("concurrency-limit", policy.Name);
        Assert.Contains("ConcurrencyLimit(AIMD, ×0.9 on a drop or a call over 5s, limit 1..200 from 20, queue 3, queue wait unbounded)", policy.Describe(), StringComparison.Ordinal);
        Assert.Contains("Gradient2, tolerance 1.5, smoothing 0.2, long window 600, queue 4", Policy.ConcurrencyLimit(Create(20, algorithm: new Gradient2Options())).Describe(), StringComparison.Ordinal);
    }

    // Real threads, bounded: however the limit moves, no more calls run at once than the highest limit allows.
    [Fact(Timeout = 30_000)]
    public async Task Under_concurrent_callers_in_flight_never_exceeds_the_maximum_and_every_slot_comes_back()
    {
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { InitialLimit = 4, MaxLimit = 8, MaxQueueLength = 4, Algorithm = new Gradient2Options() });
        var running = 0;
        var peak = 0;
        var limited = Op.Of<int>(async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return now;
        }).WithConcurrencyLimit(limiter);

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await limited.Run(CancellationToken.None);
            }
        }));
        await Task.WhenAll(callers);

        Assert.InRange(peak, 1, 8);
        Assert.Equal((0, 0), (limiter.InFlight, limiter.Queued));
        Assert.InRange(limiter.Limit, 1, 8);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var prior && prior != seen)
        {
            seen = prior;
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && bound.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
