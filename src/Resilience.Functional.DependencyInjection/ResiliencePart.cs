namespace Resilience.Functional.DependencyInjection;

/// <summary>
/// A stateful object of a registered policy — a breaker, bulkhead, token bucket or retry budget — one instance per
/// name, shared by every call through the policy, with the health check that watches it.
/// </summary>
public sealed class ResiliencePart
{
    private ResiliencePart(string policyName, string name, ResiliencePartKind kind, object instance, HealthCheck healthCheck)
    {
        PolicyName = policyName;
        Name = name;
        Kind = kind;
        Instance = instance;
        HealthCheck = healthCheck;
    }

    /// <summary>The name of the policy the part belongs to.</summary>
    public string PolicyName { get; }

    /// <summary>The part's name, unique among all registered parts: <c>policy.layer</c> (<c>orders.circuit-breaker</c>).</summary>
    public string Name { get; }

    /// <summary>What <see cref="Instance"/> is.</summary>
    public ResiliencePartKind Kind { get; }

    /// <summary>The <see cref="CircuitBreaker"/>, <see cref="Bulkhead"/>, <see cref="TokenBucket"/> or <see cref="RetryBudget"/>.</summary>
    public object Instance { get; }

    /// <summary>The check of the part's state (<see cref="HealthCheck.ForCircuitBreaker"/> and its siblings), named <see cref="Name"/>.</summary>
    public HealthCheck HealthCheck { get; }

    internal static ResiliencePart Of(string policyName, string name, object instance) =>
        instance switch
        {
            CircuitBreaker breaker => new(policyName, name, ResiliencePartKind.CircuitBreaker, breaker, HealthCheck.ForCircuitBreaker(name, breaker)),
            Bulkhead bulkhead => new(policyName, name, ResiliencePartKind.Bulkhead, bulkhead, HealthCheck.ForBulkhead(name, bulkhead)),
            TokenBucket bucket => new(policyName, name, ResiliencePartKind.TokenBucket, bucket, HealthCheck.ForTokenBucket(name, bucket)),
            RetryBudget budget => new(policyName, name, ResiliencePartKind.RetryBudget, budget, HealthCheck.ForRetryBudget(name, budget)),
            _ => throw new ArgumentException($"A part is a breaker, bulkhead, token bucket or retry budget, not {instance.GetType().Name}.", nameof(instance)),
        };
}
