using System.Diagnostics;
using Xunit.Abstractions;

namespace Resilience.Functional.Stress.Tests;

public class BulkheadStressTests(ITestOutputHelper output)
{
    private const int Threads = 16;
    private const int CallsPerThread = 1_500;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(6);

    [Fact]
    public void Peak_concurrency_stays_within_the_limit_and_everything_is_returned_after_cancellations_and_faults()
    {
        var bulkhead = new Bulkhead(new BulkheadOptions
        {
            MaxConcurrency = 4,
            MaxQueueLength = 6,
            MaxQueueWait = Some(TimeSpan.FromMilliseconds(20)),
        });
        int running = 0, peak = 0, ran = 0, rejected = 0, cancelled = 0, faulted = 0, succeeded = 0;
        var clock = Stopwatch.StartNew();

        Bounded.OnThreads(Threads, thread =>
        {
            var random = new Random(1_000 + thread);
            for (var i = 0; i < CallsPerThread && clock.Elapsed < TimeLimit; i++)
            {
                var kind = random.Next(5);
                var operation = Operation(kind, () => random.Next(50, 2_000));
                using var source = new CancellationTokenSource();
                switch (random.Next(6))
                {
                    case 0:
                        source.CancelAfter(random.Next(0, 3));
                        break;
                    case 1:
                        source.Cancel();
                        break;
                }

                var result = operation.WithBulkhead(bulkhead)(source.Token).AsTask().GetAwaiter().GetResult();
                _ = result.Match(
                    _ => Interlocked.Increment(ref succeeded),
                    e => e is BulkheadFullError ? Interlocked.Increment(ref rejected)
                        : e is CancelledError || e.Is<OperationCanceledException>() ? Interlocked.Increment(ref cancelled)
                        : Interlocked.Increment(ref faulted));
            }
        });

        Func<CancellationToken, ValueTask<Either<Error, int>>> Operation(int kind, Func<int> spins) => async ct =>
        {
            Bounded.RaisePeak(ref peak, Interlocked.Increment(ref running));
            Interlocked.Increment(ref ran);
            try
            {
                switch (kind)
                {
                    case 0:
                        await Task.Yield();
                        return 1;
                    case 1:
                        Thread.SpinWait(spins());
                        return 1;
                    case 2:
                        // Work that is in flight on a real timer, so the caller's cancellation can land mid-call; the suite runs on
                        // the real clock by design, and nothing here waits for a result (results are polled with a bound).
                        await Task.Delay(1, ct);
                        return 1;
                    case 3:
                        await Task.Yield();
                        throw new InvalidOperationException("fault");
                    default:
                        return Error.New("failure");
                }
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        };

        var drained = Bounded.Until(() => bulkhead.InUse == 0 && bulkhead.Queued == 0, TimeSpan.FromSeconds(5));
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F0} ms, {Threads} threads: ran {ran}, succeeded {succeeded}, rejected {rejected}, cancelled {cancelled}, faulted {faulted}; peak {peak} of {bulkhead.MaxConcurrency}; after: in use {bulkhead.InUse}, queued {bulkhead.Queued}, available {bulkhead.Available}");

        Assert.True(peak <= bulkhead.MaxConcurrency, $"peak {peak} above {bulkhead.MaxConcurrency}");
        Assert.Equal(bulkhead.MaxConcurrency, peak);
        Assert.True(rejected > 0 && cancelled > 0 && faulted > 0, "the mix must include rejections, cancellations and faults");
        Assert.True(drained, $"in use {bulkhead.InUse}, queued {bulkhead.Queued} after every call returned");
        Assert.Equal(bulkhead.MaxConcurrency, bulkhead.Available);
        AssertFullCapacity(bulkhead);
    }

    // Every slot can be taken again at once, and the queue holds its full length behind them.
    private void AssertFullCapacity(Bulkhead bulkhead)
    {
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        Func<CancellationToken, ValueTask<Either<Error, int>>> held = _ =>
        {
            Interlocked.Increment(ref started);
            return new(gate.Task);
        };
        var calls = Enumerable.Range(0, bulkhead.MaxConcurrency + bulkhead.MaxQueueLength)
            .Select(_ => held.WithBulkhead(bulkhead)(CancellationToken.None).AsTask())
            .ToArray();
        var beyond = held.WithBulkhead(bulkhead)(CancellationToken.None);
        output.WriteLine($"refilled: started {started}, in use {bulkhead.InUse}, queued {bulkhead.Queued}");

        Assert.Equal(bulkhead.MaxConcurrency, started);
        Assert.Equal(bulkhead.MaxConcurrency, bulkhead.InUse);
        Assert.Equal(bulkhead.MaxQueueLength, bulkhead.Queued);
        Assert.True(beyond.IsCompletedSuccessfully && beyond.Result.IsLeft);
        gate.SetResult(7);
        Assert.True(Task.WaitAll(calls, TimeSpan.FromSeconds(10)));
        Assert.All(calls, c => Assert.Equal(Right<Error, int>(7), c.Result));
        Assert.True(Bounded.Until(() => bulkhead.InUse == 0 && bulkhead.Queued == 0, TimeSpan.FromSeconds(5)));
    }
}
