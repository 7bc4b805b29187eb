namespace Resilience.Functional;

/// <summary>
/// Settings of <see cref="HttpPipeline.Hedging(HttpHedgingOptions)"/>: total timeout → hedging → circuit breaker →
/// attempt timeout, one breaker per endpoint.
/// </summary>
public sealed record HttpHedgingOptions : HttpPipelineOptions
{
    /// <summary>The bound on the whole call, every hedge included. Default 30 s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeoutOptions TotalTimeout
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TotalTimeout));
    } = new() { Timeout = TimeSpan.FromSeconds(30), Name = "total-timeout" };

    /// <summary>The hedging. Default <see cref="HedgingOptions"/>' defaults: one hedge after 2 s, or at once after a transient failure.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public HedgingOptions Hedging
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Hedging));
    } = new();

    /// <summary>Each endpoint's breaker. Default as <see cref="StandardPipelineOptions.CircuitBreaker"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public CircuitBreakerOptions CircuitBreaker
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(CircuitBreaker));
    } = new StandardPipelineOptions().CircuitBreaker;

    /// <summary>The bound on each attempt (each hedge); at most <see cref="TotalTimeout"/>. Default 10 s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeoutOptions AttemptTimeout
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(AttemptTimeout));
    } = new() { Timeout = TimeSpan.FromSeconds(10), Name = "attempt-timeout" };

    /// <summary>When set, the clock of every part (overriding theirs). Default null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
