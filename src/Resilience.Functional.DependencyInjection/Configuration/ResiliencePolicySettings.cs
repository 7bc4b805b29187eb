namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of one named policy (<c>Resilience:Policies:orders</c>): each section present adds its layer,
/// always in this order, outermost first — <see cref="RateLimiter"/> → <see cref="Bulkhead"/> → <see cref="Timeout"/>
/// (the total) → <see cref="Retry"/> → <see cref="Hedging"/> → <see cref="CircuitBreaker"/> →
/// <see cref="AttemptTimeout"/> → <see cref="Chaos"/> (docs/hosting.md#configuration).
/// </summary>
public sealed record ResiliencePolicySettings
{
    /// <summary>A token-bucket rate limiter, the outermost layer.</summary>
    public RateLimiterSettings? RateLimiter { get; init; }

    /// <summary>A bulkhead.</summary>
    public BulkheadSettings? Bulkhead { get; init; }

    /// <summary>The timeout of the whole call, every attempt and wait included (telemetry name <c>total-timeout</c>).</summary>
    public TimeoutSettings? Timeout { get; init; }

    /// <summary>A retry, with an optional retry budget.</summary>
    public RetrySettings? Retry { get; init; }

    /// <summary>Hedging.</summary>
    public HedgingSettings? Hedging { get; init; }

    /// <summary>A circuit breaker.</summary>
    public CircuitBreakerSettings? CircuitBreaker { get; init; }

    /// <summary>The timeout of each attempt (telemetry name <c>attempt-timeout</c>).</summary>
    public TimeoutSettings? AttemptTimeout { get; init; }

    /// <summary>Chaos injection, the innermost layers.</summary>
    public ChaosSettings? Chaos { get; init; }

    /// <summary>The validated layers of policy <paramref name="policy"/>; nothing is made yet.</summary>
    internal IReadOnlyList<LayerPlan> ToPlans(string policy, SettingPath path, TimeProvider clock)
    {
        var plans = new List<LayerPlan>(8);
        if (RateLimiter is { } rate)
        {
            var (options, wait) = rate.ToOptions(path[nameof(RateLimiter)], $"{policy}.rate-limiter", clock);
            plans.Add(new LayerPlan(options.Name, previous =>
            {
                var bucket = previous is TokenBucket old && old.Options == options ? old : new TokenBucket(options);
                return new LayerMade(wait == TimeSpan.Zero ? Policy.RateLimiter(bucket) : Policy.RateLimiter(bucket, wait), bucket);
            }));
        }

        if (Bulkhead is { } bulkhead)
        {
            var options = bulkhead.ToOptions(path[nameof(Bulkhead)], $"{policy}.bulkhead", clock);
            plans.Add(new LayerPlan(options.Name, previous =>
            {
                var made = previous is Functional.Bulkhead old && old.Options == options ? old : new Functional.Bulkhead(options);
                return new LayerMade(Policy.Bulkhead(made), made);
            }));
        }

        if (Timeout is { } total)
        {
            plans.Add(LayerPlan.Stateless(Policy.Timeout(total.ToOptions(path[nameof(Timeout)], "total-timeout", clock))));
        }

        if (Retry is { } retry)
        {
            plans.Add(retry.ToPlan(path[nameof(Retry)], $"{policy}.retry-budget", clock));
        }

        if (Hedging is { } hedging)
        {
            plans.Add(LayerPlan.Stateless(Policy.Hedging(hedging.ToOptions(path[nameof(Hedging)], clock))));
        }

        if (CircuitBreaker is { } breaker)
        {
            var options = breaker.ToOptions(path[nameof(CircuitBreaker)], $"{policy}.circuit-breaker", clock);
            plans.Add(new LayerPlan(options.Name, previous =>
            {
                if (previous is Functional.CircuitBreaker old && old.HasSameShape(options))
                {
                    old.UpdateThresholds(options);
                    return new LayerMade(Policy.CircuitBreaker(old), old);
                }

                var made = new Functional.CircuitBreaker(options);
                return new LayerMade(Policy.CircuitBreaker(made), made);
            }));
        }

        if (AttemptTimeout is { } attempt)
        {
            plans.Add(LayerPlan.Stateless(Policy.Timeout(attempt.ToOptions(path[nameof(AttemptTimeout)], "attempt-timeout", clock))));
        }

        if (Chaos is { } chaos)
        {
            plans.AddRange(chaos.ToPolicies(path[nameof(Chaos)], clock).Select(LayerPlan.Stateless));
        }

        return plans;
    }
}
