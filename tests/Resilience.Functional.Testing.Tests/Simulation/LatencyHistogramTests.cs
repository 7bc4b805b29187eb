namespace Resilience.Functional.Testing.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_the_stated_relative_error_of_the_exact_ones_and_the_rest_is_exact()
    {
        // Log-normal latencies from microseconds to seconds, seeded.
        var random = new SimulationRandom(11);
        var latencies = Enumerable.Range(0, 100_000)
            .Select(_ => TimeSpan.FromTicks((long)Math.Exp(5 + (8 * random.NextDouble()) + (random.NextDouble() * random.NextDouble() * 4))))
            .ToList();
        var histogram = new LatencyHistogram();
        latencies.ForEach(histogram.Record);

        var exact = LatencySummary.Of(latencies);
        var approximate = histogram.Summary();

        Assert.Equal(exact.Count, approximate.Count);
        Assert.Equal(exact.Min, approximate.Min);
        Assert.Equal(exact.Max, approximate.Max);
        Assert.InRange(approximate.Mean.Ticks, exact.Mean.Ticks - 1, exact.Mean.Ticks + 1);
        foreach (var (a, e) in new[] { (approximate.P50, exact.P50), (approximate.P90, exact.P90), (approximate.P99, exact.P99) })
        {
            Assert.InRange((a.Ticks - e.Ticks) / (double)e.Ticks, 0, LatencyHistogram.RelativeError);
            Assert.Contains(a, latencies);
        }

        Assert.True(LatencyHistogram.RelativeError < 0.008);
    }

    [Fact]
    public void Small_latencies_and_a_single_repeated_latency_are_exact()
    {
        var histogram = new LatencyHistogram();
        foreach (var ticks in new long[] { 0, 1, 2, 200, 255 })
        {
            histogram.Record(TimeSpan.FromTicks(ticks));
        }

        Assert.Equal(new LatencySummary(5, TimeSpan.Zero, TimeSpan.FromTicks(2), TimeSpan.FromTicks(255), TimeSpan.FromTicks(255), TimeSpan.FromTicks(255), TimeSpan.FromTicks(91)), histogram.Summary());

        histogram.Clear();
        Assert.Equal(LatencySummary.Empty, histogram.Summary());
        for (var i = 0; i < 1000; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(30.0001));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(30.0001), histogram.Summary().P99);
    }

    [Fact]
    public void Every_value_falls_in_its_bucket_and_buckets_are_at_most_a_128th_of_their_value_wide()
    {
        var random = new SimulationRandom(3);
        var values = Enumerable.Range(0, 10_000).Select(_ => (long)Math.Exp(random.NextDouble() * 43)).Concat([0, 255, 256, 257, 511, 512, long.MaxValue / 2]);
        foreach (var value in values)
        {
            var (lowest, width) = LatencyHistogram.Bounds(LatencyHistogram.Index(value));
            Assert.InRange(value, lowest, lowest + width - 1);
            Assert.True(width == 1 || width * LatencyHistogram.SubBuckets <= lowest, $"{value}: [{lowest}, +{width})");
        }
    }
}
