namespace Resilience.Functional.CircuitBreaking;

/// <summary>The sums over the live instances of a breaker's cluster, this one included (docs/circuit-breaker.md#across-instances).</summary>
/// <param name="Instances">Live instances (whose last report is younger than the cluster's heartbeat).</param>
/// <param name="Calls">The sum of their window calls.</param>
/// <param name="Failures">The sum of their window failures.</param>
/// <param name="Open">Instances open by their own rule.</param>
/// <param name="Unhealthy">Instances that count toward the quorum (see <see cref="BreakerClusterReport.Unhealthy"/>).</param>
public readonly record struct BreakerClusterCounts(int Instances, long Calls, long Failures, int Open, int Unhealthy);
