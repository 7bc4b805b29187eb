namespace Resilience.Functional;

/// <content>Ready checks for partitioned objects.</content>
public sealed partial record HealthCheck
{
    /// <summary>
    /// A check of the breaker of every partition in <paramref name="partitions"/> (one per endpoint, say), keyed <c>name:circuit</c>: all
    /// closed (or none yet) → healthy; some not closed → degraded; every one open or isolated → unhealthy. Its observed
    /// value is the number of breakers not closed; its data holds each partition's state under its key's text.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <typeparam name="TValue">What each partition holds.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="partitions">The partitions.</param>
    /// <param name="breakerOf">The breaker of a partition's value.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForCircuitBreakers<TKey, TValue>(string name, Partitions<TKey, TValue> partitions, Func<TValue, CircuitBreaker> breakerOf)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(breakerOf);
        return FromState(name, () => PartitionedCircuitResult(partitions.Snapshot(), breakerOf)) with { Measurement = "circuit" };
    }

    private static HealthResult PartitionedCircuitResult<TKey, TValue>(IReadOnlyList<KeyValuePair<TKey, TValue>> partitions, Func<TValue, CircuitBreaker> breakerOf)
        where TKey : notnull
    {
        var states = partitions.Select(pair => (Key: pair.Key.ToString() ?? string.Empty, breakerOf(pair.Value).State)).ToList();
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
