namespace Resilience.Functional;

/// <summary>
/// How healthy a component is. The numeric values match <c>Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus</c>
/// (worse is lower), so the two convert by value.
/// </summary>
public enum HealthState
{
    /// <summary>The component is not working; <c>fail</c> in <c>application/health+json</c>.</summary>
    Unhealthy = 0,

    /// <summary>The component works with reduced capacity or quality; <c>warn</c> in <c>application/health+json</c>.</summary>
    Degraded = 1,

    /// <summary>The component works; <c>pass</c> in <c>application/health+json</c>.</summary>
    Healthy = 2,
}
