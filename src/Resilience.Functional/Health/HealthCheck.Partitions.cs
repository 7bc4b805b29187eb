namespace Resilience.Functional;

/// <content>Ready checks for partitioned objects.</content>
public sealed partial record HealthCheck
{
    /// <summary>
    /// A check of every breaker in <paramref name="breakers"/> (one per endpoint, say), keyed <c>name:circuit</c>: all
    /// closed (or none yet) → healthy; some not closed → degraded; every one open or isolated → unhealthy. Its observed
    /// value is the number of breakers not closed; its data holds each partition's state under its key's text.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="breakers">The partitioned breakers.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForCircuitBreakers<TKey>(string name, Partitions<TKey, CircuitBreaker> breakers)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(breakers);
        return FromState(name, () => PartitionedCircuitResult(breakers.Snapshot())) with { Measurement = "circuit" };
    }

    private static HealthResult PartitionedCircuitResult<TKey>(IReadOnlyList<KeyValuePair<TKey, CircuitBreaker>> breakers)
        where TKey : notnull
    {
        var states = breakers.Select(pair => (Key: pair.Key.ToString() ?? string.Empty, pair.Value.State)).ToList();
        var notClosed = states.Count(s => s.State != CircuitState.Closed);
        var blocked = states.Count(s => s.State is CircuitState.Open or CircuitState.Isolated);
        var result = notClosed == 0
            ? HealthResult.Healthy($"{states.Count} closed")
            : blocked == states.Count
                ? HealthResult.Unhealthy($"all {states.Count} open")
                : HealthResult.Degraded($"{notClosed} of {states.Count} not closed");
        return result with
        {
            ObservedValue = notClosed,
            ObservedUnit = "{breaker}",
            Data = states.ToDictionary(s => s.Key, s => (object?)s.State.ToString(), StringComparer.Ordinal),
        };
    }
}
