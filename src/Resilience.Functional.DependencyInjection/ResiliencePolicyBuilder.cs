namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// Builds a named policy in code, layer by layer, outermost first (the request's path). The breakers, bulkheads,
/// token buckets and retry budgets it is given or makes are the policy's parts: one instance for every call through
/// the policy, listed by <see cref="ResiliencePolicyRegistry.Parts"/> for health checks. A part made here with its
/// pattern's default name is named <c>policy.pattern</c> (<c>orders.circuit-breaker</c>).
/// </summary>
public sealed class ResiliencePolicyBuilder
{
    private readonly List<LayerPlan> plans = [];

    internal ResiliencePolicyBuilder(string name, IServiceProvider services, TimeProvider timeProvider)
    {
        Name = name;
        Services = services;
        TimeProvider = timeProvider;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The application's services, to resolve what a layer needs.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The <see cref="System.TimeProvider"/> registered in DI, else <see cref="TimeProvider.System"/>: pass it to the options you build.</summary>
    public TimeProvider TimeProvider { get; }

    internal IReadOnlyList<LayerPlan> Plans => plans;

    /// <summary>Adds any policy as the next layer (it owns no part the registry lists).</summary>
    /// <param name="policy">The layer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public ResiliencePolicyBuilder Add(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        plans.Add(LayerPlan.Stateless(policy));
        return this;
    }

    /// <summary>Adds a timeout (<see cref="Policy.Timeout"/>).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ResiliencePolicyBuilder AddTimeout(TimeoutOptions options) => Add(Policy.Timeout(options));

    /// <summary>Adds a retry (<see cref="Policy.Retry"/>); its <see cref="RetryOptions.Budget"/>, if any, is a part named <c>policy.retry-budget</c>.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ResiliencePolicyBuilder AddRetry(RetryOptions options)
    {
        var policy = Policy.Retry(options);
        return options.Budget is { } budget ? AddPart($"{Name}.retry-budget", policy, budget) : Add(policy);
    }

    /// <summary>Adds hedging (<see cref="Policy.Hedging"/>).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ResiliencePolicyBuilder AddHedging(HedgingOptions options) => Add(Policy.Hedging(options));

    /// <summary>Adds a new circuit breaker made from <paramref name="options"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ResiliencePolicyBuilder AddCircuitBreaker(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var named = options.Name == CircuitBreakerTelemetry.DefaultName ? options with { Name = $"{Name}.{options.Name}" } : options;
        return AddCircuitBreaker(new CircuitBreaker(named));
    }

    /// <summary>Adds an existing circuit breaker (to share it between policies, or to keep a reference); its part is named after its options.</summary>
    /// <param name="breaker">The breaker.</param>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is null.</exception>
    public ResiliencePolicyBuilder AddCircuitBreaker(CircuitBreaker breaker) =>
        AddPart(breaker?.Options.Name!, Policy.CircuitBreaker(breaker!), breaker!);

    /// <summary>Adds a new bulkhead made from <paramref name="options"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ResiliencePolicyBuilder AddBulkhead(BulkheadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var named = options.Name == BulkheadTelemetry.DefaultName ? options with { Name = $"{Name}.{options.Name}" } : options;
        return AddBulkhead(new Bulkhead(named));
    }

    /// <summary>Adds an existing bulkhead; its part is named after its options.</summary>
    /// <param name="bulkhead">The bulkhead.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bulkhead"/> is null.</exception>
    public ResiliencePolicyBuilder AddBulkhead(Bulkhead bulkhead) =>
        AddPart(bulkhead?.Options.Name!, Policy.Bulkhead(bulkhead!), bulkhead!);

    /// <summary>Adds a rate limiter over a new token bucket made from <paramref name="options"/>, rejecting at once when it is empty.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ResiliencePolicyBuilder AddRateLimiter(TokenBucketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var named = options.Name == RateLimiterTelemetry.DefaultName ? options with { Name = $"{Name}.{options.Name}" } : options;
        var bucket = new TokenBucket(named);
        return AddPart(named.Name, Policy.RateLimiter(bucket), bucket);
    }

    /// <summary>Adds a rate limiter over an existing token bucket, waiting up to <paramref name="maxWait"/> for a token (<see cref="Policy.RateLimiter(TokenBucket, TimeSpan)"/>).</summary>
    /// <param name="bucket">The bucket; its part is named after its options.</param>
    /// <param name="maxWait">The longest wait for a token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bucket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is out of range.</exception>
    public ResiliencePolicyBuilder AddRateLimiter(TokenBucket bucket, TimeSpan maxWait) =>
        AddPart(bucket?.Options.Name!, Policy.RateLimiter(bucket!, maxWait), bucket!);

    private ResiliencePolicyBuilder AddPart(string partName, Policy policy, object part)
    {
        plans.Add(new LayerPlan(partName, _ => new LayerMade(policy, part)));
        return this;
    }
}
