namespace Resilience.Functional;

/// <content>The factories: one per pattern that applies to an operation of any type.</content>
/// <remarks>
/// Fallbacks and chaos outcomes have no factory: they produce a value of the operation's own type, so they cannot
/// apply to any <c>T</c>. Apply them to the typed operation with <c>WithFallback</c> / <c>WithChaos</c>, inside or
/// outside <c>WithPolicy</c>.
/// </remarks>
public abstract partial class Policy
{
    /// <summary>Retries transient failures (<see cref="RetryExtensions.WithRetry{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, RetryOptions)"/>). Named after the options' <c>Name</c> (default <c>retry</c>).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Policy Retry(RetryOptions options) => new RetryPolicy(OptionGuards.NotNull(options, nameof(options)));

    /// <summary>Guards calls with a shared breaker (<see cref="CircuitBreakerExtensions.WithCircuitBreaker{T}"/>). Named after its options' <c>Name</c> (default <c>circuit-breaker</c>).</summary>
    /// <param name="breaker">The breaker, shared by every operation the policy wraps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is null.</exception>
    public static Policy CircuitBreaker(CircuitBreaker breaker) => new CircuitBreakerPolicy(OptionGuards.NotNull(breaker, nameof(breaker)));

    /// <summary>Bounds calls in time (<see cref="TimeoutExtensions.WithTimeout{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, TimeoutOptions)"/>). Named after the options' <c>Name</c> (default <c>timeout</c>).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Policy Timeout(TimeoutOptions options) => new TimeoutPolicy(OptionGuards.NotNull(options, nameof(options)));

    /// <summary>Limits concurrent calls (<see cref="BulkheadExtensions.WithBulkhead{T}"/>). Named after its options' <c>Name</c> (default <c>bulkhead</c>).</summary>
    /// <param name="bulkhead">The bulkhead, shared by every operation the policy wraps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bulkhead"/> is null.</exception>
    public static Policy Bulkhead(Bulkhead bulkhead) => new BulkheadPolicy(OptionGuards.NotNull(bulkhead, nameof(bulkhead)));

    /// <summary>Limits concurrent calls to a limit that follows the downstream's latency and drops (<see cref="ConcurrencyLimitExtensions.WithConcurrencyLimit{T}"/>). Named after its options' <c>Name</c> (default <c>concurrency-limit</c>).</summary>
    /// <param name="limiter">The limiter, shared by every operation the policy wraps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="limiter"/> is null.</exception>
    public static Policy ConcurrencyLimit(AdaptiveConcurrencyLimiter limiter) => new ConcurrencyLimitPolicy(OptionGuards.NotNull(limiter, nameof(limiter)));

    /// <summary>Rejects calls beyond a token bucket's rate at once (<see cref="RateLimiterExtensions.WithRateLimiter{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, TokenBucket)"/>). Named after its options' <c>Name</c> (default <c>rate-limiter</c>).</summary>
    /// <param name="bucket">The bucket, shared by every operation the policy wraps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bucket"/> is null.</exception>
    public static Policy RateLimiter(TokenBucket bucket) => new RateLimiterPolicy(OptionGuards.NotNull(bucket, nameof(bucket)), TimeSpan.Zero);

    /// <summary>Waits up to <paramref name="maxWait"/> for a token, then rejects. Named after its options' <c>Name</c> (default <c>rate-limiter</c>).</summary>
    /// <param name="bucket">The bucket, shared by every operation the policy wraps.</param>
    /// <param name="maxWait">The longest wait for a token, in (0, about 49.7 days].</param>
    /// <exception cref="ArgumentNullException"><paramref name="bucket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is out of range.</exception>
    public static Policy RateLimiter(TokenBucket bucket, TimeSpan maxWait) =>
        new RateLimiterPolicy(OptionGuards.NotNull(bucket, nameof(bucket)), OptionGuards.PositiveDelay(maxWait, nameof(maxWait)));

    /// <summary>Hedges slow or failed calls (<see cref="HedgingExtensions.WithHedging{T}"/>). Named after the options' <c>Name</c> (default <c>hedging</c>).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static Policy Hedging(HedgingOptions options) => new HedgingPolicy(OptionGuards.NotNull(options, nameof(options)));

    /// <summary>Injects a fault at a rate (<see cref="ChaosExtensions.WithChaos{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, ChaosController, ChaosFault)"/>). Named after the options' <c>Name</c> (default <c>chaos-fault</c>).</summary>
    /// <param name="chaos">The shared switch and random source.</param>
    /// <param name="fault">The rate and the error.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Policy Chaos(ChaosController chaos, ChaosFault fault) =>
        new ChaosFaultPolicy(OptionGuards.NotNull(chaos, nameof(chaos)), OptionGuards.NotNull(fault, nameof(fault)));

    /// <summary>Injects latency at a rate (<see cref="ChaosExtensions.WithChaos{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, ChaosController, ChaosLatency)"/>). Named after the options' <c>Name</c> (default <c>chaos-latency</c>).</summary>
    /// <param name="chaos">The shared switch, random source and clock.</param>
    /// <param name="latency">The rate and the delay.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Policy Chaos(ChaosController chaos, ChaosLatency latency) =>
        new ChaosLatencyPolicy(OptionGuards.NotNull(chaos, nameof(chaos)), OptionGuards.NotNull(latency, nameof(latency)));

    /// <summary>
    /// Composes <paramref name="layers"/>, the first outermost, so the code reads like the request's path:
    /// <c>Policy.Pipeline(timeout, bulkhead, breaker, retry)</c> is Timeout → Bulkhead → CircuitBreaker → Retry → call.
    /// Named <c>pipeline</c>.
    /// </summary>
    /// <param name="layers">The layers, outermost first; none gives the identity.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of them is null.</exception>
    public static PolicyPipeline Pipeline(params Policy[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
        }

        return new PolicyPipeline("pipeline", layers);
    }
}
