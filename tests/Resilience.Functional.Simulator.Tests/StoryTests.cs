namespace Resilience.Functional.Simulator.Tests;

/// <summary>The default settings' runs of the scenarios the story is about, computed once for the class.</summary>
public sealed class StoryRuns
{
    public StoryRuns()
    {
        // The defaults, limited to the runs the story compares.
        var settings = new SimulatorSettings { RecordRequests = true };
        Settings = settings;
        Runs =
        [
            .. RunMatrix.RunAll(settings with { Scenarios = ["outage"], Pipelines = ["none", "retry-no-backoff", "standard"] }),
            .. RunMatrix.RunAll(settings with { Scenarios = ["latency-spike"] }),
            .. RunMatrix.RunAll(settings with { Scenarios = ["mixed-errors"], Pipelines = ["retry-permanent", "standard"] }),
        ];
    }

    internal SimulatorSettings Settings { get; }

    internal IReadOnlyList<RunResult> Runs { get; }

    internal SimulationResult Of(string scenario, string pipeline) =>
        Runs.Single(r => r.Scenario == scenario && r.Pipeline == pipeline).Result;
}

/// <summary>The numbers tell the story, at the simulator's defaults (10 virtual minutes, 50 requests/s, seed 42).</summary>
public class StoryTests(StoryRuns story) : IClassFixture<StoryRuns>
{
    private TimeSpan OutageStart => ScenarioCatalog.OutageStart(story.Settings.Duration);

    private TimeSpan OutageEnd => OutageStart + ScenarioCatalog.OutageLength(story.Settings.Duration);

    [Fact]
    public void Retry_without_backoff_amplifies_load_during_an_outage_more_than_the_standard_pipeline()
    {
        var naive = story.Of("outage", "retry-no-backoff").LoadAmplificationBetween(OutageStart, OutageEnd);
        var standard = story.Of("outage", "standard").LoadAmplificationBetween(OutageStart, OutageEnd);
        var none = story.Of("outage", "none").LoadAmplificationBetween(OutageStart, OutageEnd);

        Assert.InRange(naive, 3.9, 4.0);
        Assert.Equal(1.0, none);
        Assert.True(standard < 0.25, $"standard pipeline: {standard:F3} calls per request during the outage");
        Assert.True(naive > 10 * standard, $"retry without backoff {naive:F2} vs standard {standard:F3}");
    }

    [Fact]
    public void The_breaker_sheds_load_while_the_downstream_is_down_and_recovers_after()
    {
        var result = story.Of("outage", "standard");
        var breaker = result.Probes["breaker"];

        // It opens within seconds of the outage's start...
        var opened = breaker.First(s => s.Value == "Open" && s.At >= OutageStart);
        Assert.InRange(opened.At, OutageStart, OutageStart + TimeSpan.FromSeconds(10));

        // ...keeps the downstream nearly idle while it is down (only half-open probes get through)...
        var shedding = result.Timeline.Where(b => b.Start >= opened.At + b.Size && b.Start + b.Size <= OutageEnd).ToList();
        Assert.NotEmpty(shedding);
        Assert.All(shedding, b => Assert.NotEqual("Closed", b.Probes["breaker"]));
        Assert.True(result.LoadAmplificationBetween(opened.At + TimeSpan.FromSeconds(1), OutageEnd) < 0.05);
        Assert.True(
            story.Of("outage", "none").DownstreamCalls - result.DownstreamCalls > 5000,
            "the breaker should spare the downstream thousands of calls");

        // ...and closes within 10 s of recovery, for good, with service back to normal.
        var closed = breaker.First(s => s.Value == "Closed" && s.At >= OutageEnd);
        Assert.InRange(closed.At, OutageEnd, OutageEnd + TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(breaker, s => s.At > closed.At && s.Value != "Closed");
        Assert.True(result.SuccessRateBetween(closed.At, story.Settings.Duration) > 0.99);
    }

    [Fact]
    public void No_timeout_has_the_worst_p99_in_the_latency_spike()
    {
        var p99 = story.Runs.Where(r => r.Scenario == "latency-spike").ToDictionary(r => r.Pipeline, r => r.Result.Latency.P99);
        var worst = p99.MaxBy(kv => kv.Value);

        Assert.Equal(7, p99.Count);
        Assert.Equal("no-timeout", worst.Key);
        Assert.All(p99.Where(kv => kv.Key != "no-timeout"), kv => Assert.True(kv.Value < worst.Value, $"{kv.Key}: {kv.Value}"));
        Assert.True(p99["standard"] <= StandardPipeline.TotalTimeout);
    }

    [Fact]
    public void Retrying_permanent_errors_adds_load_and_fixes_nothing()
    {
        var permanent = story.Of("mixed-errors", "retry-permanent");
        var standard = story.Of("mixed-errors", "standard");
        var invalid = standard.Requests.Where(r => r.Reason == "HTTP 400").ToList();

        Assert.InRange(invalid.Count / (double)standard.Requests.Count, 0.08, 0.12);
        Assert.All(invalid, r => Assert.Equal(1, r.Calls));
        Assert.All(permanent.Requests.Where(r => r.Reason == "HTTP 400"), r => Assert.Equal(4, r.Calls));
        Assert.True(permanent.LoadAmplification > standard.LoadAmplification + 0.25, $"{permanent.LoadAmplification} vs {standard.LoadAmplification}");
        Assert.InRange(permanent.SuccessRate - standard.SuccessRate, -0.005, 0.005);
    }

    [Fact]
    public void Every_run_stays_on_the_virtual_time_loop_and_simulates_ten_minutes()
    {
        Assert.All(story.Runs, r => Assert.Equal(0, r.Result.OffLoopResumptions));
        Assert.All(story.Runs, r => Assert.InRange(r.Result.Requests[^1].Arrival, TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(10)));
        Assert.All(story.Runs, r => Assert.InRange(r.Result.Requests.Count, 29_000, 31_000));
    }
}

/// <summary>The noisy-tenant scenario at the defaults: what the quiet tenants see under each of its pipelines.</summary>
public class NoisyTenantStoryTests
{
    private static readonly IReadOnlyList<RunResult> Runs = RunMatrix.RunAll(new SimulatorSettings { Scenarios = ["noisy-tenant"] });

    private static RunResult Of(string pipeline) => Runs.Single(r => r.Pipeline == pipeline);

    [Fact]
    public void It_is_compared_under_its_own_pipelines_only()
    {
        Assert.Equal(["none", "shared-bulkhead", "partitioned-bulkhead"], Runs.Select(r => r.Pipeline));
        Assert.All(Runs, r => Assert.Equal(0, r.Result.OffLoopResumptions));
        Assert.All(Runs, r => Assert.InRange(r.Result.BurstRequests, 25_000, 29_000));
    }

    [Fact]
    public void A_bulkhead_per_tenant_keeps_the_quiet_tenants_served_where_a_shared_one_and_none_fail_them()
    {
        var (none, shared, partitioned) = (Of("none"), Of("shared-bulkhead"), Of("partitioned-bulkhead"));

        Assert.True(partitioned.Result.SuccessRate > 0.95, partitioned.Result.ToString());
        Assert.True(shared.Result.SuccessRate < 0.75, shared.Result.ToString());
        Assert.True(none.Result.SuccessRate < 0.75, none.Result.ToString());
        Assert.True(shared.Rejected > 5_000, shared.Result.ToString());
        Assert.True(partitioned.Result.Latency.P99 < TimeSpan.FromMilliseconds(500), partitioned.Result.ToString());
        Assert.True(none.Result.Latency.P99 > TimeSpan.FromSeconds(10), none.Result.ToString());
        Assert.True(partitioned.Result.BurstSucceeded < partitioned.Result.BurstRequests / 2, "the noisy tenant is the one held back");
    }
}
