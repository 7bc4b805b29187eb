using FsCheck;
using FsCheck.Fluent;

namespace Resilience.Functional.Testing;

/// <summary>
/// Arbitraries for <c>[Property(Arbitrary = new[] { typeof(ResilienceArbitraries) })]</c>: errors, latency
/// distributions, scenarios over one minute, and small simulations (20–60 virtual seconds) that run in milliseconds.
/// </summary>
public static class ResilienceArbitraries
{
    /// <summary>Any error (<see cref="ResilienceGen.Errors"/>).</summary>
    public static Arbitrary<Error> Errors() => Arb.From(ResilienceGen.Errors());

    /// <summary>Latency distributions (<see cref="ResilienceGen.Latencies"/>).</summary>
    public static Arbitrary<LatencyDistribution> Latencies() => Arb.From(ResilienceGen.Latencies());

    /// <summary>Scenarios within one minute (<see cref="ResilienceGen.Scenarios"/>).</summary>
    public static Arbitrary<Scenario> Scenarios() => Arb.From(ResilienceGen.Scenarios(TimeSpan.FromMinutes(1)));

    /// <summary>Backoff schedules without an attempt limit (<see cref="ResilienceGen.Backoffs()"/>).</summary>
    public static Arbitrary<Backoff> Backoffs() => Arb.From(ResilienceGen.Backoffs());

    /// <summary>Pipelines in the standard order (<see cref="ResilienceGen.Pipelines"/>).</summary>
    public static Arbitrary<PipelineSpec> Pipelines() => Arb.From(ResilienceGen.Pipelines());

    /// <summary>Simulations of 20–60 virtual seconds (<see cref="ResilienceGen.Simulations"/>).</summary>
    public static Arbitrary<SimulationOptions> Simulations() =>
        Arb.From(Gen.Choose(20, 60).SelectMany(s => ResilienceGen.Simulations(TimeSpan.FromSeconds(s))));
}
