using System.Numerics;

namespace Resilience.Functional.Testing;

/// <summary>
/// Latencies counted in log-linear buckets (as an HDR histogram does), so a simulation's statistics take the same
/// memory for a thousand requests or a billion. Latencies under <c>2 · SubBuckets</c> ticks (25.6 µs) are counted
/// exactly; above, each power of two is split into <see cref="SubBuckets"/> equal buckets, so a bucket is at most
/// 1/128 of its lower bound wide. A percentile is reported as the largest latency recorded in the bucket that holds
/// it: a latency that occurred, never below the exact nearest-rank percentile and at most <see cref="RelativeError"/>
/// (1/128, under 0.8 %) above it; exact when the bucket's latencies are all equal (a timeout's, say). Count,
/// minimum, maximum and mean are exact.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two.</summary>
    public const int SubBuckets = 128;

    /// <summary>The largest relative amount by which a reported percentile exceeds the exact one.</summary>
    public const double RelativeError = 1.0 / SubBuckets;

    private const int SubBucketBits = 7;

    // Grown to the highest bucket seen: a few thousand counts for latencies up to hours.
    private long[] counts = new long[4 * SubBuckets];
    private long[] maxima = new long[4 * SubBuckets];
    private int highest = -1;
    private long count;
    private long min = long.MaxValue;
    private long max;
    private Int128 sum;

    /// <summary>How many latencies were recorded.</summary>
    public long Count => count;

    /// <summary>Counts <paramref name="latency"/>; a negative one counts as zero.</summary>
    public void Record(TimeSpan latency)
    {
        var ticks = Math.Max(0, latency.Ticks);
        var index = Index(ticks);
        if (index >= counts.Length)
        {
            Array.Resize(ref counts, Math.Max(index + 1, counts.Length * 2));
            Array.Resize(ref maxima, counts.Length);
        }

        counts[index]++;
        maxima[index] = Math.Max(maxima[index], ticks);
        highest = Math.Max(highest, index);
        count++;
        min = Math.Min(min, ticks);
        max = Math.Max(max, ticks);
        sum += ticks;
    }

    /// <summary>Forgets every latency, keeping the memory.</summary>
    public void Clear()
    {
        Array.Clear(counts, 0, highest + 1);
        Array.Clear(maxima, 0, highest + 1);
        (highest, count, min, max, sum) = (-1, 0, long.MaxValue, 0, 0);
    }

    /// <summary>The summary of what was recorded: <see cref="LatencySummary.Empty"/> if nothing was.</summary>
    public LatencySummary Summary() =>
        count == 0
            ? LatencySummary.Empty
            : new((int)Math.Min(count, int.MaxValue), T(min), Percentile(0.50), Percentile(0.90), Percentile(0.99), T(max), T((long)(sum / count)));

    /// <summary>The bucket of <paramref name="ticks"/>: values below <c>2 · SubBuckets</c> are their own bucket.</summary>
    internal static int Index(long ticks)
    {
        var shift = Math.Max(0, 64 - BitOperations.LeadingZeroCount((ulong)ticks) - (SubBucketBits + 1));
        return (shift * SubBuckets) + (int)(ticks >> shift);
    }

    /// <summary>The smallest value of bucket <paramref name="index"/>, and its width.</summary>
    internal static (long Lowest, long Width) Bounds(int index)
    {
        var shift = Math.Max(0, (index / SubBuckets) - 1);
        var mantissa = index - (shift * SubBuckets);
        return ((long)mantissa << shift, 1L << shift);
    }

    /// <summary>The nearest-rank <paramref name="p"/>-quantile, as the largest latency of the bucket that holds it.</summary>
    private TimeSpan Percentile(double p)
    {
        var rank = Math.Clamp((long)Math.Ceiling(p * count), 1, count);
        long seen = 0;
        for (var i = 0; i <= highest; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return T(maxima[i]);
            }
        }

        return T(max);
    }

    private static TimeSpan T(long ticks) => TimeSpan.FromTicks(ticks);
}
