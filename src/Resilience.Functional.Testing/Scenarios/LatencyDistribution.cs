namespace Resilience.Functional.Testing;

/// <summary>How long the simulated downstream takes to answer, before slow-downs and overload stretch it.</summary>
public abstract record LatencyDistribution
{
    private protected LatencyDistribution()
    {
    }

    /// <summary>Every call takes <paramref name="latency"/>.</summary>
    /// <param name="latency">The latency; zero or more.</param>
    public static LatencyDistribution Constant(TimeSpan latency) => new ConstantLatency(latency);

    /// <summary>Latency uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">The smallest latency; zero or more.</param>
    /// <param name="max">The largest latency; at least <paramref name="min"/>.</param>
    public static LatencyDistribution Uniform(TimeSpan min, TimeSpan max) => new UniformLatency(min, max);

    /// <summary>
    /// Log-normal latency: the median is <paramref name="median"/> and the log has standard deviation
    /// <paramref name="sigma"/>, giving the long tail real services show (sigma 0.5 puts p99 near 3.2× the median).
    /// </summary>
    /// <param name="median">The median; greater than zero.</param>
    /// <param name="sigma">The spread of the log; zero or more, at most 3.</param>
    public static LatencyDistribution LogNormal(TimeSpan median, double sigma) => new LogNormalLatency(median, sigma);

    /// <summary>Draws one latency.</summary>
    /// <param name="random">The seeded source to draw from.</param>
    public abstract TimeSpan Sample(SimulationRandom random);
}
