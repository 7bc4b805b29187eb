namespace Resilience.Functional;

/// <summary>The <see cref="Gradient2Options"/> rule (docs/concurrency-limit.md#gradient2).</summary>
internal sealed class Gradient2Estimator(Gradient2Options options) : LimitEstimator
{
    // Netflix's ExpAvgMeasurement: a plain mean over the first samples, then an exponential average.
    private const int Warmup = 10;
    private readonly double decay = 2.0 / (options.LongWindow + 1);
    private double longRtt;
    private int samples;

    public override double Next(double limit, in LimitSample sample)
    {
        // Our addition (Netflix's Gradient2 ignores drops): the steepest gradient, never a rise, however low the limit.
        if (sample.Dropped)
        {
            return Math.Min(limit, Smooth(limit, 0.5));
        }

        var rtt = Math.Max(sample.RoundTrip.Ticks, 1);
        samples = Math.Min(samples + 1, Warmup + 1);
        longRtt = samples <= Math.Min(Warmup, options.LongWindow) ? longRtt + ((rtt - longRtt) / samples) : longRtt + ((rtt - longRtt) * decay);

        // After a long overload the average lags far behind a recovered latency; pulling it down brings the limit back
        // sooner than the average alone would.
        if (longRtt / rtt > 2)
        {
            longRtt *= 0.95;
        }

        // Below half the limit in use the calls say nothing about a larger one.
        return sample.InFlight * 2 < limit ? limit : Smooth(limit, Math.Clamp(options.RttTolerance * longRtt / rtt, 0.5, 1));
    }

    private double Smooth(double limit, double gradient) =>
        (limit * (1 - options.Smoothing)) + (((limit * gradient) + options.QueueSize) * options.Smoothing);
}
