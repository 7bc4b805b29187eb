namespace Resilience.Functional.Simulator.Tests;

/// <summary>The stampede at the simulator's defaults: single-flight spares the origin and the tail.</summary>
public class StampedeTests
{
    private static readonly SimulatorSettings Settings = new() { Scenarios = ["stampede"] };

    [Fact]
    public void The_stampede_is_compared_only_under_its_own_pipelines_and_they_under_no_other_scenario()
    {
        var cells = RunMatrix.Cells(new SimulatorSettings());

        Assert.Equal([("stampede", "no-coalescing"), ("stampede", "single-flight")], cells.Where(c => c.Scenario == "stampede"));
        Assert.DoesNotContain(cells, c => c.Scenario != "stampede" && c.Pipeline is "no-coalescing" or "single-flight");
    }

    [Fact]
    public void Single_flight_cuts_the_origins_load_and_the_p99_of_a_cache_miss_stampede()
    {
        var runs = RunMatrix.RunAll(Settings).ToDictionary(r => r.Pipeline, r => r.Result);
        var herd = runs["no-coalescing"];
        var coalesced = runs["single-flight"];

        Assert.Equal(1.0, herd.LoadAmplification);
        Assert.True(coalesced.LoadAmplification < 0.35, $"single-flight load {coalesced.LoadAmplification:F2}×");
        Assert.True(coalesced.Latency.P99 * 1.5 < herd.Latency.P99, $"p99 {coalesced.Latency.P99} vs {herd.Latency.P99}");
        Assert.True(coalesced.SuccessRate > herd.SuccessRate + 0.2, $"success {coalesced.SuccessRate:P2} vs {herd.SuccessRate:P2}");
        Assert.True(coalesced.PeakDownstreamInFlight <= ScenarioCatalog.StampedeKeys, $"{coalesced.PeakDownstreamInFlight} origin calls at once");
    }
}
