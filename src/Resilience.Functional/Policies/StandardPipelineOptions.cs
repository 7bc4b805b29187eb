namespace Resilience.Functional;

/// <summary>
/// Settings of <see cref="Policy.Standard(StandardPipelineOptions)"/>: rate limit → total timeout → retry → circuit
/// breaker → attempt timeout, the order of Microsoft.Extensions.Http.Resilience's standard handler. Every part is
/// replaceable; the defaults are documented on each property.
/// </summary>
public sealed record StandardPipelineOptions
{
    /// <summary>The outermost rate limit; null turns the layer off. Default 1000 calls per second, burst 1000, no wait.</summary>
    public TokenBucketOptions? RateLimit { get; init; } = new() { TokensPerPeriod = 1000, Burst = 1000, Period = TimeSpan.FromSeconds(1) };

    /// <summary>The bound on the whole call, every attempt and wait included. Default 30 s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeoutOptions TotalTimeout
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TotalTimeout));
    } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// The retry. Default <see cref="RetryOptions"/>' defaults: transient errors only, exponential from 200 ms, factor 2,
    /// capped at 30 s, full jitter, at most 3 retries (a retry-after hint raises a delay). Whatever its classifier says,
    /// the pipeline never retries a <see cref="CircuitOpenError"/>: a call behind an open circuit fails at once.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public RetryOptions Retry
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Retry));
    } = new();

    /// <summary>
    /// The retry budget each standard pipeline creates when <see cref="Retry"/> has none; null for no budget. Default
    /// Finagle's: 20 % of calls may be retried, at least 10 retries per second, over 10 s.
    /// </summary>
    public PercentRetryBudgetOptions? RetryBudget { get; init; } = new();

    /// <summary>
    /// The circuit breaker. Default Polly's: opens when 10 % of at least 100 calls in the last 30 s failed (ten 3 s
    /// buckets), for 5 s; one half-open probe.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public CircuitBreakerOptions CircuitBreaker
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(CircuitBreaker));
    } = new()
    {
        ConsecutiveFailures = null,
        FailureRatio = 0.1,
        MinimumThroughput = 100,
        Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10),
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)),
    };

    /// <summary>
    /// An existing breaker to use in place of one built from <see cref="CircuitBreaker"/>: to share it with other
    /// pipelines, or to watch it (<see cref="HealthCheck.ForCircuitBreaker"/>, its <c>Changed</c> event). It keeps
    /// its own clock; <see cref="TimeProvider"/> does not apply to it. Default none.
    /// </summary>
    public Resilience.Functional.CircuitBreaker? SharedCircuitBreaker { get; init; }

    /// <summary>The bound on each attempt; at most <see cref="TotalTimeout"/>. Default 10 s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeoutOptions AttemptTimeout
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(AttemptTimeout));
    } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>When set, the clock of every part (overriding theirs), e.g. a fake clock in tests. Default null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
