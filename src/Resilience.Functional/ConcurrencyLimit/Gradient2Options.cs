namespace Resilience.Functional;

/// <summary>
/// The gradient of round-trip times, after Netflix concurrency-limits' <c>Gradient2Limit</c>: the limit is multiplied
/// by <c>gradient = clamp(RttTolerance × longRtt / rtt, 0.5, 1)</c>, grown by <see cref="QueueSize"/>, and smoothed, where
/// <c>longRtt</c> is an exponential average of successful calls' round-trip times over <see cref="LongWindow"/> samples.
/// Rising latency lowers the limit; latency at or below the long-term average raises it by up to
/// <see cref="QueueSize"/> × <see cref="Smoothing"/> per sample. A drop counts as the steepest gradient (0.5) and never
/// raises the limit: Netflix's Gradient2 ignores drops, which would leave a service that fails fast unprotected. Inputs: each call's outcome, its
/// round-trip time and the calls in flight when it started (docs/concurrency-limit.md#gradient2).
/// </summary>
public sealed record Gradient2Options : ConcurrencyLimitAlgorithm
{
    /// <summary>How far the new estimate moves the limit per sample. In (0, 1]; default 0.2 (Netflix's).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1].</exception>
    public double Smoothing
    {
        get;
        init => field = OptionGuards.Between(value, 0, 1, nameof(Smoothing), lowOpen: true);
    } = 0.2;

    /// <summary>
    /// How much slower than the long-term average a call may be before the limit drops: at 1.5 (default, Netflix's), a
    /// call up to 1.5 × the average does not lower it. In [1, 10].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 10].</exception>
    public double RttTolerance
    {
        get;
        init => field = OptionGuards.Between(value, 1, 10, nameof(RttTolerance));
    } = 1.5;

    /// <summary>
    /// The window, in samples, of the long-term average round-trip time (its first ten samples are a plain mean). In
    /// [1, 100,000]; default 600 (Netflix's).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 100,000].</exception>
    public int LongWindow
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 100_000, nameof(LongWindow));
    } = 600;

    /// <summary>
    /// The slots added to the estimate on every sample, the headroom that lets the limit grow while latency holds; the
    /// limit never drops below 2 × this on its own (above <see cref="AdaptiveConcurrencyOptions.MinLimit"/>). At least
    /// 0; default 4 (Netflix's).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int QueueSize
    {
        get;
        init => field = OptionGuards.InRange(value, 0, int.MaxValue, nameof(QueueSize));
    } = 4;

    internal override LimitEstimator CreateEstimator() => new Gradient2Estimator(this);

    internal override string Describe() =>
        FormattableString.Invariant($"Gradient2, tolerance {RttTolerance}, smoothing {Smoothing}, long window {LongWindow}, queue {QueueSize}");
}
