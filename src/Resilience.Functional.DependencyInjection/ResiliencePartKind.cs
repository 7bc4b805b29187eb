namespace Resilience.Functional.DependencyInjection;

/// <summary>What a <see cref="ResiliencePart"/> holds.</summary>
public enum ResiliencePartKind
{
    /// <summary>A <see cref="Functional.CircuitBreaker"/>.</summary>
    CircuitBreaker,

    /// <summary>A <see cref="Functional.Bulkhead"/>.</summary>
    Bulkhead,

    /// <summary>A <see cref="Functional.TokenBucket"/>.</summary>
    TokenBucket,

    /// <summary>A <see cref="Functional.RetryBudget"/>.</summary>
    RetryBudget,
}
