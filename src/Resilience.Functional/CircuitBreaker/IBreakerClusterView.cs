namespace Resilience.Functional.CircuitBreaking;

/// <summary>
/// The breaker cluster view: where the instances of a service share their breakers' windows and states, e.g. on
/// Redis. <see cref="ClusterBreakerLink"/> calls it in the background, never on a call's path; a throw or a faulted task
/// means the cluster is unreachable and the breaker keeps to its local rule.
/// </summary>
public interface IBreakerClusterView
{
    /// <summary>Publishes this instance's <paramref name="report"/> (its heartbeat) and returns the sums over the live instances, this one included.</summary>
    /// <param name="report">This instance's window and state.</param>
    /// <param name="cancellationToken">A token for the exchange.</param>
    ValueTask<BreakerClusterCounts> ExchangeAsync(BreakerClusterReport report, CancellationToken cancellationToken);
}
