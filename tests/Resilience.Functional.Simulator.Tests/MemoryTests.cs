namespace Resilience.Functional.Simulator.Tests;

/// <summary>Measures retained memory, so nothing else may run at the same time.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryCollection;

[Collection(nameof(MemoryTests))]
public class MemoryTests
{
    [Fact]
    public void A_run_keeps_no_memory_per_request()
    {
        // 200,000 requests: at the 160 bytes a request that used to be kept, 32 MB.
        var settings = new SimulatorSettings { Scenarios = ["flaky"], Pipelines = ["none"], Duration = TimeSpan.FromSeconds(100), Rate = 2000, Seed = 9 };
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var run = RunMatrix.Run(settings, "flaky", "none");

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.InRange(run.Result.Latency.Count, 195_000, 205_000);
        Assert.True(retained < 4_000_000, $"{retained:N0} bytes kept for {run.Result.Latency.Count:N0} requests");
        GC.KeepAlive(run);
    }
}
