namespace Resilience.Functional;

/// <summary>The <see cref="AimdOptions"/> rule (docs/concurrency-limit.md#aimd).</summary>
internal sealed class AimdEstimator(AimdOptions options) : LimitEstimator
{
    public override double Next(double limit, in LimitSample sample) =>
        sample.Dropped || sample.RoundTrip > options.LatencyThreshold ? limit * options.BackoffRatio
        : sample.InFlight * 2 >= limit ? limit + (1 / limit)
        : limit;
}
