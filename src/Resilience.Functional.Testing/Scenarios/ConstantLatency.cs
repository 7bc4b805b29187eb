namespace Resilience.Functional.Testing;

/// <summary>A constant latency.</summary>
public sealed record ConstantLatency : LatencyDistribution
{
    /// <summary>A constant latency of <paramref name="latency"/>.</summary>
    /// <param name="latency">The latency; zero or more.</param>
    public ConstantLatency(TimeSpan latency) => Latency = latency;

    /// <summary>The latency of every call.</summary>
    public TimeSpan Latency { get; init => field = OptionGuards.NonNegative(value, nameof(Latency)); }

    /// <inheritdoc />
    public override TimeSpan Sample(SimulationRandom random) => Latency;
}
