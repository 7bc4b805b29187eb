namespace Resilience.Functional;

/// <summary>
/// How an <see cref="AdaptiveConcurrencyLimiter"/> moves its limit from measured samples: <see cref="AimdOptions"/> or
/// <see cref="Gradient2Options"/> (docs/concurrency-limit.md#algorithms). A closed set: the library has one estimator
/// per algorithm.
/// </summary>
public abstract record ConcurrencyLimitAlgorithm
{
    private protected ConcurrencyLimitAlgorithm()
    {
    }

    /// <summary>A fresh estimator of this algorithm, owned by one limiter.</summary>
    internal abstract LimitEstimator CreateEstimator();

    /// <summary>The algorithm and its settings, for a pipeline's description.</summary>
    internal abstract string Describe();
}
