namespace Resilience.Functional.CircuitBreaking;

/// <summary>What one instance publishes to its breaker's cluster (docs/circuit-breaker.md#across-instances).</summary>
/// <param name="Calls">Calls in the instance's sliding window.</param>
/// <param name="Failures">Failures in the instance's sliding window.</param>
/// <param name="Open">Whether the instance's breaker is open or isolated by its own rule (not by the cluster's).</param>
/// <param name="Unhealthy">Whether the instance counts toward the quorum: open by its own rule, or its window's failure ratio at least the cluster's.</param>
public readonly record struct BreakerClusterReport(int Calls, int Failures, bool Open, bool Unhealthy);
