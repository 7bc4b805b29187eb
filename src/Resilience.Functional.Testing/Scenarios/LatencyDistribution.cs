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

/// <summary>A constant latency.</summary>
public sealed record ConstantLatency : LatencyDistribution
{
    /// <summary>A constant latency of <paramref name="latency"/>.</summary>
    /// <param name="latency">The latency; zero or more.</param>
    public ConstantLatency(TimeSpan latency) => Latency = latency;

    /// <summary>The latency of every call.</summary>
    public TimeSpan Latency { get; init => field = Guard.NonNegative(value, nameof(Latency)); }

    /// <inheritdoc />
    public override TimeSpan Sample(SimulationRandom random) => Latency;
}

/// <summary>A latency uniform between two bounds.</summary>
public sealed record UniformLatency : LatencyDistribution
{
    /// <summary>A latency uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">The smallest latency; zero or more.</param>
    /// <param name="max">The largest latency; at least <paramref name="min"/>.</param>
    public UniformLatency(TimeSpan min, TimeSpan max)
    {
        Min = Guard.NonNegative(min, nameof(min));
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

/// <summary>A log-normal latency with a long tail.</summary>
public sealed record LogNormalLatency : LatencyDistribution
{
    /// <summary>A log-normal latency with the given median and spread.</summary>
    /// <param name="median">The median; greater than zero.</param>
    /// <param name="sigma">The standard deviation of the log; in [0, 3].</param>
    public LogNormalLatency(TimeSpan median, double sigma)
    {
        Median = Guard.Positive(median, nameof(median));
        Sigma = sigma is >= 0 and <= 3 ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be in [0, 3].");
    }

    /// <summary>The median latency.</summary>
    public TimeSpan Median { get; }

    /// <summary>The standard deviation of the log of the latency.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    public override TimeSpan Sample(SimulationRandom random)
    {
        // Box–Muller; 1 - u keeps the logarithm finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return TimeSpan.FromTicks((long)(Median.Ticks * Math.Exp(Sigma * z)));
    }
}
