using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionedBulkheadTests
{
    private readonly FakeTimeProvider clock = new();

    private PartitionedBulkhead<string> Make(int concurrency = 2, int max = 100) =>
        new(
            new BulkheadOptions { MaxConcurrency = concurrency, MaxQueueLength = 0, TimeProvider = clock },
            new PartitionOptions { MaxPartitions = max, IdleTimeout = TimeSpan.FromMinutes(5), TimeProvider = clock });

    [Fact]
    public async Task A_noisy_key_fills_only_its_own_bulkhead()
    {
        var bulkheads = Make(concurrency: 2);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, "noisy");
        var held = new[] { slow(CancellationToken.None), slow(CancellationToken.None) };

        var rejected = await slow(CancellationToken.None);
        var quiet = await Op.Succeed(7).WithBulkhead(bulkheads, "quiet")(CancellationToken.None);

        Assert.IsType<BulkheadFullError>((Error)rejected);
        Assert.Equal(Right<Error, int>(7), quiet);
        gate.SetResult(1);
        foreach (var call in held)
        {
            Assert.Equal(Right<Error, int>(1), await call);
        }

        Assert.Equal(0, bulkheads.Partitions.Find("noisy").Map(b => b.InUse).IfNone(-1));
    }

    [Fact]
    public async Task A_bulkhead_with_calls_in_it_is_not_evicted_however_full_the_container()
    {
        var bulkheads = Make(concurrency: 1, max: 2);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, "busy")(CancellationToken.None);
        var kept = bulkheads.Partitions.Find("busy").Case;

        for (var i = 0; i < 100; i++)
        {
            Assert.True((await Op.Succeed(i).WithBulkhead(bulkheads, $"k{i}")(CancellationToken.None)).IsRight);
        }

        Assert.Same(kept, bulkheads.Partitions.Find("busy").Case);
        Assert.IsType<BulkheadFullError>((Error)await Op.Succeed(0).WithBulkhead(bulkheads, "busy")(CancellationToken.None));
        gate.SetResult(1);
        Assert.Equal(Right<Error, int>(1), await busy);
    }

    [Fact]
    public void The_success_path_over_an_existing_partition_allocates_nothing()
    {
        var bulkheads = Make();
        var limited = Op.Succeed(3).WithBulkhead(bulkheads, "a");
        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var pending = limited(default);
            Assert.True(pending.IsCompletedSuccessfully);
            total += (int)pending.Result;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(3 * (100 + (5 * 1000)), total);
    }

    [Fact(Timeout = 20_000)]
    public async Task Under_concurrent_use_no_key_ever_runs_more_calls_than_its_limit()
    {
        var bulkheads = new PartitionedBulkhead<int>(
            new BulkheadOptions { MaxConcurrency = 2, MaxQueueLength = 0 },
            new PartitionOptions { MaxPartitions = 8, IdleTimeout = TimeSpan.FromHours(1) });
        var running = new int[4];
        var over = 0;
        var admitted = 0;

        Func<CancellationToken, ValueTask<Either<Error, int>>> Call(int key) => Op.FromTask(async _ =>
        {
            if (Interlocked.Increment(ref running[key]) > 2)
            {
                Interlocked.Increment(ref over);
            }

            Interlocked.Increment(ref admitted);
            await Task.Yield();
            Interlocked.Decrement(ref running[key]);
            return key;
        }).WithBulkhead(bulkheads, key);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                await Call((i + worker) % 4)(CancellationToken.None);
            }
        })));

        Assert.Equal(0, over);
        Assert.True(admitted > 0);
        Assert.Equal(4, bulkheads.Partitions.Count);
        Assert.All(bulkheads.Partitions.Snapshot(), p => Assert.Equal(0, p.Value.InUse));
    }

    [Fact]
    public void The_health_check_degrades_while_some_partitions_are_saturated_and_fails_when_all_are()
    {
        var bulkheads = Make(concurrency: 1);
        var check = HealthCheck.ForBulkheads("tenants", bulkheads);
        HealthResult Probe() => check.Check(CancellationToken.None).AsTask().Result.Match(Right: r => r, Left: e => throw new InvalidOperationException(e.Message));
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<Either<Error, int>>> Hold(string key) => Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, key);

        var empty = Probe();
        _ = Hold("noisy")(CancellationToken.None);
        _ = Op.Succeed(1).WithBulkhead(bulkheads, "quiet")(CancellationToken.None);
        var some = Probe();
        _ = Hold("quiet")(CancellationToken.None);
        var all = Probe();
        gate.SetResult(1);

        Assert.Equal([HealthState.Healthy, HealthState.Degraded, HealthState.Unhealthy], new[] { empty, some, all }.Select(r => r.State));
        Assert.Equal(1.0, some.Data["noisy"]);
        Assert.False(some.Data.ContainsKey("quiet"));
        Assert.Equal(2, some.Data["partitions"]);
        Assert.Equal(1.0, some.ObservedValue);
        Assert.Equal("tenants:utilization", check.Key);
    }
}
