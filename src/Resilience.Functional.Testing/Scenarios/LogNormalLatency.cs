namespace Resilience.Functional.Testing;

/// <summary>A log-normal latency with a long tail.</summary>
public sealed record LogNormalLatency : LatencyDistribution
{
    /// <summary>A log-normal latency with the given median and spread.</summary>
    /// <param name="median">The median; greater than zero.</param>
    /// <param name="sigma">The standard deviation of the log; in [0, 3].</param>
    public LogNormalLatency(TimeSpan median, double sigma)
    {
        Median = OptionGuards.Positive(median, nameof(median));
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
