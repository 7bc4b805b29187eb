namespace Resilience.Functional.Simulator.Tests;

/// <summary>The overload-adaptive runs at the simulator's defaults (10 virtual minutes, 50 requests/s, seed 42), computed once.</summary>
public sealed class OverloadAdaptiveRuns
{
    internal SimulatorSettings Settings { get; } = new() { Scenarios = ["overload-adaptive"] };

    internal IReadOnlyList<RunResult> Runs => field ??= RunMatrix.RunAll(Settings);

    internal RunResult Of(string pipeline) => Runs.Single(r => r.Pipeline == pipeline);
}

/// <summary>What the adaptive concurrency limits do in overload, against a static bulkhead (docs/concurrency-limit.md#against-a-static-bulkhead).</summary>
public class OverloadAdaptiveTests(OverloadAdaptiveRuns story) : IClassFixture<OverloadAdaptiveRuns>
{
    private static double Goodput(RunResult run) => run.Result.Succeeded / run.Result.Options.Requests.Duration.TotalSeconds;

    [Fact]
    public void The_scenario_compares_only_its_pipelines_on_the_overload_downstream()
    {
        Assert.Equal(["none", "static-bulkhead", "adaptive-aimd", "adaptive-gradient2"], story.Runs.Select(r => r.Pipeline));
        Assert.Equal(
            ScenarioCatalog.Create("overload", story.Settings.Duration, story.Settings.Rate),
            ScenarioCatalog.Create("overload-adaptive", story.Settings.Duration, story.Settings.Rate));
        Assert.All(story.Runs, r => Assert.Equal(0, r.Result.OffLoopResumptions));
    }

    [Fact]
    public void Both_adaptive_limits_keep_more_goodput_than_no_limit_and_gradient2_more_than_the_static_bulkhead()
    {
        var (none, fixedSize) = (Goodput(story.Of("none")), Goodput(story.Of("static-bulkhead")));
        var (aimd, gradient2) = (Goodput(story.Of("adaptive-aimd")), Goodput(story.Of("adaptive-gradient2")));

        Assert.True(aimd > none && gradient2 > none, $"none {none:F2}/s, AIMD {aimd:F2}/s, Gradient2 {gradient2:F2}/s");
        Assert.True(gradient2 > fixedSize, $"static {fixedSize:F2}/s, Gradient2 {gradient2:F2}/s");
    }

    [Fact]
    public void Every_limit_cuts_the_p99_of_no_limit_by_more_than_half()
    {
        var none = story.Of("none").Result.Latency.P99;
        Assert.All(story.Runs.Where(r => r.Pipeline != "none"), r => Assert.True(r.Result.Latency.P99 * 2 < none, $"{r.Pipeline}: {r.Result.Latency.P99} vs {none}"));
    }

    [Fact]
    public void The_adaptive_limits_fall_during_the_slow_down_and_climb_back_after_it()
    {
        var start = ScenarioCatalog.SlowStart(story.Settings.Duration);
        var end = start + ScenarioCatalog.SlowLength(story.Settings.Duration);
        foreach (var pipeline in new[] { "adaptive-aimd", "adaptive-gradient2" })
        {
            var limit = story.Of(pipeline).Result.Probes["limit"];
            int At(TimeSpan t) => int.Parse(limit.Last(s => s.At <= t).Value, System.Globalization.CultureInfo.InvariantCulture);
            var before = At(start);
            var lowest = limit.Where(s => s.At >= start && s.At <= end).Min(s => int.Parse(s.Value, System.Globalization.CultureInfo.InvariantCulture));
            var after = At(story.Settings.Duration);

            Assert.True(lowest < before, $"{pipeline}: {before} before the slow-down, {lowest} at its lowest");
            Assert.True(after > lowest, $"{pipeline}: {lowest} at its lowest, {after} at the end");
        }
    }
}
