using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class BulkheadTests
{
    /// <summary>An operation that runs until the test releases it.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource<Either<Error, int>> source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started;

        public Func<CancellationToken, ValueTask<Either<Error, int>>> Op => _ =>
        {
            Interlocked.Increment(ref Started);
            return new(source.Task);
        };

        public void Open(int value) => source.SetResult(value);
    }

    private static Bulkhead Create(int max, int queue, FakeTimeProvider? time = null, TimeSpan? wait = null) =>
        new(new BulkheadOptions
        {
            MaxConcurrency = max,
            MaxQueueLength = queue,
            TimeProvider = time ?? new FakeTimeProvider(),
            MaxQueueWait = wait is { } w ? Some(w) : None,
        });

    [Fact]
    public async Task A_slot_granted_as_its_queued_caller_cancels_runs_nothing_and_is_released()
    {
        var bulkhead = Create(1, 1);
        // Completes inline, so that the first call frees its slot inside the cancellation below.
        var first = new TaskCompletionSource<Either<Error, int>>();
        var running = Op.Of<int>(_ => new(first.Task)).WithBulkhead(bulkhead)(CancellationToken.None);
        var ran = 0;
        using var caller = new CancellationTokenSource();
        var queued = Op.Of<int>(_ =>
        {
            ran++;
            return new(1);
        }).WithBulkhead(bulkhead)(caller.Token);

        // Registered after the queued wait's own: runs first, so the slot is granted while the token is cancelled.
        caller.Token.Register(() => first.SetResult(0));
        await caller.CancelAsync();

        Assert.Equal(Right<Error, int>(0), await running);
        Assert.Equal(Left<Error, int>(CancelledError.Instance), await queued.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, ran);
        Assert.Equal((0, 0), (bulkhead.InUse, bulkhead.Queued));
    }

    [Fact]
    public void A_free_slot_runs_at_once_and_is_returned()
    {
        var bulkhead = Create(1, 0);
        var result = Op.Succeed(3).WithBulkhead(bulkhead)(CancellationToken.None);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(Right<Error, int>(3), result.Result);
        Assert.Equal(0, bulkhead.InUse);
    }

    [Fact]
    public async Task Beyond_slots_and_queue_callers_are_rejected_at_once()
    {
        var bulkhead = Create(2, 1);
        var gate = new Gate();
        var guarded = gate.Op.WithBulkhead(bulkhead);

        var running = new[] { guarded(CancellationToken.None), guarded(CancellationToken.None) };
        var waiting = guarded(CancellationToken.None);
        var rejected = guarded(CancellationToken.None);

        Assert.Equal((2, 1, 0), (bulkhead.InUse, bulkhead.Queued, bulkhead.Available));
        Assert.True(rejected.IsCompleted);
        Assert.Same(bulkhead.FullError, rejected.Result.LeftToSeq().Single());
        Assert.Equal(new BulkheadFullError(2, 1), bulkhead.FullError);

        gate.Open(1);
        foreach (var call in running.Append(waiting))
        {
            Assert.Equal(Right<Error, int>(1), await call);
        }

        Assert.Equal(3, gate.Started);
        Assert.Equal((0, 0), (bulkhead.InUse, bulkhead.Queued));
    }

    [Fact]
    public async Task Waiters_are_served_first_in_first_out()
    {
        var bulkhead = Create(1, 3);
        var order = new List<int>();
        var first = new Gate();
        var running = first.Op.WithBulkhead(bulkhead)(CancellationToken.None);
        var waiting = Enumerable.Range(1, 3)
            .Select(i => Op.FromFunc(_ =>
            {
                lock (order)
                {
                    order.Add(i);
                }

                return i;
            }).WithBulkhead(bulkhead)(CancellationToken.None))
            .ToArray();

        Assert.Equal(3, bulkhead.Queued);
        first.Open(0);
        await running;
        foreach (var call in waiting)
        {
            await call;
        }

        Assert.Equal(new[] { 1, 2, 3 }, order);
    }

    [Fact]
    public async Task A_waiter_that_waits_too_long_gets_the_full_error_and_leaves_the_queue()
    {
        var time = new FakeTimeProvider();
        var bulkhead = Create(1, 1, time, TimeSpan.FromSeconds(1));
        var gate = new Gate();
        var guarded = gate.Op.WithBulkhead(bulkhead);
        var running = guarded(CancellationToken.None);
        var waiting = guarded(CancellationToken.None);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Same(bulkhead.FullError, (await waiting).LeftToSeq().Single());
        Assert.Equal((1, 0), (bulkhead.InUse, bulkhead.Queued));
        gate.Open(1);
        await running;
        Assert.Equal(0, bulkhead.InUse);
    }

    [Fact]
    public async Task Cancelling_a_waiter_frees_its_place_for_the_next()
    {
        var bulkhead = Create(1, 2);
        var gate = new Gate();
        var guarded = gate.Op.WithBulkhead(bulkhead);
        using var caller = new CancellationTokenSource();
        var running = guarded(CancellationToken.None);
        var cancelled = guarded(caller.Token);
        var next = guarded(CancellationToken.None);

        await caller.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await cancelled);
        Assert.Equal(1, bulkhead.Queued);
        gate.Open(4);
        Assert.Equal(Right<Error, int>(4), await running);
        Assert.Equal(Right<Error, int>(4), await next);
        Assert.Equal(2, gate.Started);
        Assert.Equal((0, 0), (bulkhead.InUse, bulkhead.Queued));
    }

    [Fact]
    public async Task Slots_are_released_on_error_exception_fault_and_cancellation_while_running()
    {
        var bulkhead = Create(1, 0);
        Assert.True((await Op.Fail<int>(Error.New("no")).WithBulkhead(bulkhead)(CancellationToken.None)).IsLeft);
        Assert.True((await Op.Of<int>(_ => throw new IOException()).WithBulkhead(bulkhead)(CancellationToken.None)).IsLeft);
        Assert.True((await Op.Of<int>(async _ =>
        {
            await Task.Yield();
            throw new IOException();
        }).WithBulkhead(bulkhead)(CancellationToken.None)).IsLeft);

        using var caller = new CancellationTokenSource();
        var cancelledWhileRunning = Op.Of<int>(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }).WithBulkhead(bulkhead)(caller.Token);
        Assert.Equal(1, bulkhead.InUse);
        await caller.CancelAsync();

        Assert.Equal(Left<Error, int>(CancelledError.Instance), await cancelledWhileRunning);
        Assert.Equal(0, bulkhead.InUse);
    }

    [Fact]
    public void An_already_cancelled_caller_takes_no_slot()
    {
        var bulkhead = Create(1, 0);

        var result = Op.Succeed(1).WithBulkhead(bulkhead)(new CancellationToken(canceled: true)).Result;

        Assert.Equal(Left<Error, int>(CancelledError.Instance), result);
        Assert.Equal(0, bulkhead.InUse);
    }

    [Fact]
    public async Task The_limit_holds_and_every_slot_returns_under_stress()
    {
        const int tasks = 32;
        const int callsPerTask = 3_200;
        var bulkhead = Create(4, 8);
        var current = 0;
        var peak = 0;
        var ran = 0;
        var guarded = Op.Of<int>(async ct =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            Interlocked.Increment(ref ran);
            await Task.Yield();
            Interlocked.Decrement(ref current);
            return (now % 5) switch
            {
                0 => throw new IOException("faulted"),
                1 => Either<Error, int>.Left(Error.New("failed")),
                _ => now,
            };
        }).WithBulkhead(bulkhead);

        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var workers = Enumerable.Range(0, tasks).Select(w => Task.Run(async () =>
        {
            var (calls, rejected, cancelled, answered) = (0, 0, 0, 0);
            for (var i = 0; i < callsPerTask && !safety.IsCancellationRequested; i++)
            {
                using var own = (i % 7 == 0) ? new CancellationTokenSource() : null;
                var call = guarded(own?.Token ?? CancellationToken.None);
                own?.Cancel();
                var result = await call;
                calls++;
                switch (result.LeftToSeq().FirstOrDefault())
                {
                    case BulkheadFullError:
                        rejected++;
                        break;
                    case CancelledError:
                        cancelled++;
                        break;
                    default:
                        answered++;
                        break;
                }
            }

            return (calls, rejected, cancelled, answered);
        })).ToArray();

        var counts = await Task.WhenAll(workers);
        var (calls, rejections, cancellations, answers) =
            (counts.Sum(c => c.calls), counts.Sum(c => c.rejected), counts.Sum(c => c.cancelled), counts.Sum(c => c.answered));

        Assert.False(safety.IsCancellationRequested, "the stress test ran out of time");
        Assert.Equal(tasks * callsPerTask, calls);
        Assert.True(peak <= 4, $"peak concurrency {peak}");
        Assert.True(ran > 0);

        // Every call is accounted for exactly once: it ran and its own outcome came back (the operation never
        // reports cancellation), or it was rejected, or it was cancelled while queued and never ran.
        Assert.Equal(ran, answers);
        Assert.Equal(tasks * callsPerTask, ran + rejections + cancellations);

        // Nothing is left in use or queued, and the whole capacity works again: 4 run at once, 8 wait, the next is rejected.
        Assert.Equal((0, 0, 4), (bulkhead.InUse, bulkhead.Queued, bulkhead.Available));
        var gate = new Gate();
        var held = Enumerable.Range(0, 12).Select(_ => gate.Op.WithBulkhead(bulkhead)(CancellationToken.None)).ToArray();
        Assert.Equal((4, 8, 0), (bulkhead.InUse, bulkhead.Queued, bulkhead.Available));
        Assert.Same(bulkhead.FullError, gate.Op.WithBulkhead(bulkhead)(CancellationToken.None).Result.LeftToSeq().Single());
        gate.Open(1);
        foreach (var call in held)
        {
            Assert.Equal(Right<Error, int>(1), await call.AsTask().WaitAsync(safety.Token));
        }

        Assert.Equal((0, 0, 4), (bulkhead.InUse, bulkhead.Queued, bulkhead.Available));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref target, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    [Fact]
    public void The_success_path_does_not_allocate()
    {
        var guarded = Op.Succeed(1).WithBulkhead(Create(2, 0));

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = guarded(CancellationToken.None)));
    }

    [Fact]
    public void Bad_options_fail_at_construction()
    {
        Assert.Equal("MaxConcurrency", Assert.Throws<ArgumentOutOfRangeException>(() => new BulkheadOptions { MaxConcurrency = 0 }).ParamName);
        Assert.Equal("MaxQueueLength", Assert.Throws<ArgumentOutOfRangeException>(() => new BulkheadOptions { MaxQueueLength = -1 }).ParamName);
        Assert.Equal("MaxQueueWait", Assert.Throws<ArgumentOutOfRangeException>(() => new BulkheadOptions { MaxQueueWait = TimeSpan.Zero }).ParamName);
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => new BulkheadOptions { TimeProvider = null! }).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new Bulkhead(null!)).ParamName);
        Assert.Contains("between 1 and", Assert.Throws<ArgumentOutOfRangeException>(() => new BulkheadOptions { MaxConcurrency = -3 }).Message);
    }
}
