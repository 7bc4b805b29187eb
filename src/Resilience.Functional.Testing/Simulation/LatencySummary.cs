namespace Resilience.Functional.Testing;

/// <summary>Latency statistics of a set of requests (nearest-rank percentiles); all zero when the set is empty.</summary>
/// <param name="Count">How many latencies.</param>
/// <param name="Min">The smallest.</param>
/// <param name="P50">The median.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The largest.</param>
/// <param name="Mean">The mean.</param>
public sealed record LatencySummary(int Count, TimeSpan Min, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max, TimeSpan Mean)
{
    /// <summary>The summary of no latencies.</summary>
    public static readonly LatencySummary Empty = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Summarises <paramref name="latencies"/>.</summary>
    /// <param name="latencies">The latencies, in any order.</param>
    public static LatencySummary Of(IEnumerable<TimeSpan> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        var sorted = latencies.Select(l => l.Ticks).ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        var mean = (long)sorted.Average(t => (double)t);
        return new(sorted.Length, T(sorted[0]), Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), T(sorted[^1]), T(mean));
    }

    /// <summary>The nearest-rank <paramref name="p"/>-quantile of an ascending, non-empty array of ticks.</summary>
    private static TimeSpan Percentile(long[] sorted, double p) =>
        T(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);

    private static TimeSpan T(long ticks) => TimeSpan.FromTicks(ticks);
}
