namespace Resilience.Functional.Testing;

/// <summary>A latency uniform between two bounds.</summary>
public sealed record UniformLatency : LatencyDistribution
{
    /// <summary>A latency uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">The smallest latency; zero or more.</param>
    /// <param name="max">The largest latency; at least <paramref name="min"/>.</param>
    public UniformLatency(TimeSpan min, TimeSpan max)
    {
        Min = OptionGuards.NonNegative(min, nameof(min));
        Max = max >= min ? max : throw new ArgumentOutOfRangeException(nameof(max), max, "The maximum must be at least the minimum.");
    }

    /// <summary>The smallest latency.</summary>
    public TimeSpan Min { get; }

    /// <summary>The largest latency.</summary>
    public TimeSpan Max { get; }

    /// <inheritdoc />
    public override TimeSpan Sample(SimulationRandom random) =>
        Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));
}
