using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Resilience.Functional.Tests.Partitioning;

/// <summary>The figure of docs/partitioning.md#memory: a million distinct keys through a bounded container.</summary>
public class PartitionsMemoryTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task A_million_distinct_keys_keep_the_count_at_the_bound_and_the_memory_of_a_full_container()
    {
        await Task.Yield();
        const int Bound = 10_000;
        const int Keys = 1_000_000;
        var clock = new FakeTimeProvider();
        var breakers = new PartitionedCircuitBreaker<long>(
            new CircuitBreakerOptions { TimeProvider = clock },
            new PartitionOptions { MaxPartitions = Bound, TimeProvider = clock });
        var call = Op.Succeed(1);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (long key = 0; key < Bound; key++)
        {
            Assert.True(call.WithCircuitBreaker(breakers, key)(default).Result.IsRight);
        }

        var full = GC.GetTotalMemory(forceFullCollection: true);
        for (long key = Bound; key < Keys; key++)
        {
            breakers.Partitions.Get(key);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine(
            $"{Keys:N0} keys, bound {Bound:N0}: count {breakers.Partitions.Count:N0}; managed memory +{(full - before) / 1024.0 / 1024:F1} MiB at the bound, +{(after - before) / 1024.0 / 1024:F1} MiB after all keys; {started.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(Bound, breakers.Partitions.Count);
        Assert.True(breakers.Partitions.Find(Keys - 1).IsSome);
        Assert.True(after - before < (full - before) * 1.5 + (1 << 20), $"grew from {full - before} B at the bound to {after - before} B");
        GC.KeepAlive(breakers);
    }
}
