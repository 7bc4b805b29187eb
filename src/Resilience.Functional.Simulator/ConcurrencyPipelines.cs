namespace Resilience.Functional.Simulator;

/// <summary>
/// The pipelines of the overload-adaptive scenario: no limit, a static bulkhead, and the two adaptive concurrency
/// limits at their defaults (docs/concurrency-limit.md), every one straight over the call so that only the limit differs.
/// </summary>
internal static class ConcurrencyPipelines
{
    /// <summary>The pipelines the scenario compares, in the order the table lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "static-bulkhead", "adaptive-aimd", "adaptive-gradient2"];

    /// <summary>What each pipeline is, for the report.</summary>
    public static string Describe(string name) => name switch
    {
        "static-bulkhead" => "A bulkhead of twice the downstream's capacity (8 calls at 50 requests/s: the size a load test with headroom gives), no queue.",
        "adaptive-aimd" => "An adaptive concurrency limit at its defaults, AIMD: ×0.9 on each drop (a transient failure) or call over 5 s, one slot more per limit's worth of other calls; limit 1..200 from 20, no queue.",
        "adaptive-gradient2" => "An adaptive concurrency limit at its defaults, Gradient2: the limit scaled by 1.5 × long-term / latest latency (within [0.5, 1]) plus 4, smoothed by 0.2, a drop as the steepest gradient; limit 1..200 from 20, no queue.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown pipeline."),
    };

    /// <summary>Builds the pipeline named <paramref name="name"/> for <paramref name="simulation"/>.</summary>
    public static SimulatedPipeline Build(string name, Simulation simulation) => name switch
    {
        "none" => new SimulatedPipeline(static call => call),
        "static-bulkhead" => StaticBulkhead(simulation),
        "adaptive-aimd" => Adaptive(simulation, new AimdOptions()),
        "adaptive-gradient2" => Adaptive(simulation, new Gradient2Options()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown pipeline."),
    };

    private static SimulatedPipeline StaticBulkhead(Simulation simulation)
    {
        var size = 2 * ScenarioCatalog.OverloadCapacity(simulation.Options.Requests.RatePerSecond);
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = size, TimeProvider = simulation.Time });
        return new SimulatedPipeline(call => call.WithBulkhead(bulkhead));
    }

    private static SimulatedPipeline Adaptive(Simulation simulation, ConcurrencyLimitAlgorithm algorithm)
    {
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { Algorithm = algorithm, TimeProvider = simulation.Time });
        return new SimulatedPipeline(call => call.WithConcurrencyLimit(limiter), [new SimulationProbe("limit", () => limiter.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}
