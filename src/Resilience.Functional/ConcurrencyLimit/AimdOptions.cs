namespace Resilience.Functional;

/// <summary>
/// Additive increase, multiplicative decrease, after Netflix concurrency-limits' <c>AIMDLimit</c>: a drop (a transient
/// failure) or a call slower than <see cref="LatencyThreshold"/> multiplies the limit by <see cref="BackoffRatio"/>;
/// any other sample, while at least half the limit is in use, adds one slot per limit's worth of samples (one per
/// round trip of a full window, as TCP's congestion avoidance). Inputs: each call's outcome, its round-trip time and
/// the calls in flight when it started (docs/concurrency-limit.md#aimd).
/// </summary>
public sealed record AimdOptions : ConcurrencyLimitAlgorithm
{
    /// <summary>What a drop multiplies the limit by. In [0.5, 1); default 0.9 (Netflix's range and default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0.5, 1).</exception>
    public double BackoffRatio
    {
        get;
        init => field = OptionGuards.Between(value, 0.5, 1, nameof(BackoffRatio), highOpen: true);
    } = 0.9;

    /// <summary>A successful call that took longer than this counts as a drop. Greater than zero; default 5 s (Netflix's timeout).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan LatencyThreshold
    {
        get;
        init => field = OptionGuards.Positive(value, nameof(LatencyThreshold));
    } = TimeSpan.FromSeconds(5);

    internal override LimitEstimator CreateEstimator() => new AimdEstimator(this);

    internal override string Describe() =>
        FormattableString.Invariant($"AIMD, ×{BackoffRatio} on a drop or a call over {Durations.Format(LatencyThreshold)}");
}
