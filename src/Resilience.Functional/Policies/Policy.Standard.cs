namespace Resilience.Functional;

/// <content>The standard pipeline preset.</content>
public abstract partial class Policy
{
    /// <summary>The standard pipeline with its default settings; see <see cref="Standard(StandardPipelineOptions)"/>.</summary>
    public static PolicyPipeline Standard() => Standard(new StandardPipelineOptions());

    /// <summary>
    /// The standard pipeline, named <c>standard</c>: rate limiter → total timeout → retry → circuit breaker → attempt
    /// timeout. Each call creates its own token bucket, breaker and retry budget, to be shared by every operation the
    /// pipeline wraps (use one pipeline per downstream dependency). It fails fast: its retry never retries a
    /// <see cref="CircuitOpenError"/>, whatever <see cref="RetryOptions.Classifier"/> says, so a call behind an open
    /// circuit returns that error at once instead of waiting out the break.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A part is invalid, or the attempt timeout exceeds the total timeout.</exception>
    public static PolicyPipeline Standard(StandardPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = options.TimeProvider;
        var total = clock is null ? options.TotalTimeout : options.TotalTimeout with { TimeProvider = clock };
        var attempt = clock is null ? options.AttemptTimeout : options.AttemptTimeout with { TimeProvider = clock };
        if (attempt.Timeout > total.Timeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options.AttemptTimeout),
                attempt.Timeout,
                $"The attempt timeout must be at most the total timeout ({total.Timeout}).");
        }

        var retry = clock is null ? options.Retry : options.Retry with { TimeProvider = clock };
        if (retry.Budget is null && options.RetryBudget is { } budget)
        {
            retry = retry with { Budget = new PercentRetryBudget(clock is null ? budget : budget with { TimeProvider = clock }) };
        }

        var breaker = clock is null ? options.CircuitBreaker : options.CircuitBreaker with { TimeProvider = clock };
        var layers = new List<Policy>(5);
        if (options.RateLimit is { } rate)
        {
            layers.Add(RateLimiter(new TokenBucket(clock is null ? rate : rate with { TimeProvider = clock })).Named("rate-limiter"));
        }

        layers.Add(Timeout(total).Named("total-timeout"));
        layers.Add(new RetryPolicy(retry, failsFast: true));
        layers.Add(CircuitBreaker(options.SharedCircuitBreaker ?? new CircuitBreaker(breaker)));
        layers.Add(Timeout(attempt).Named("attempt-timeout"));
        return new PolicyPipeline("standard", layers);
    }
}
