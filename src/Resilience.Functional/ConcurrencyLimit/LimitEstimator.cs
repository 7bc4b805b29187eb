namespace Resilience.Functional;

/// <summary>
/// The state of one algorithm inside one limiter; not thread-safe: the limiter calls it under its lock, one sample at
/// a time.
/// </summary>
internal abstract class LimitEstimator
{
    /// <summary>The next estimate of the limit after <paramref name="sample"/>, before the limiter clamps it to its range.</summary>
    public abstract double Next(double limit, in LimitSample sample);
}
