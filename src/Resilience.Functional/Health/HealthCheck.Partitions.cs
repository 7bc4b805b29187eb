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

    /// <summary><see cref="ForCircuitBreakers{TKey, TValue}"/> over the breakers of a <see cref="PartitionedCircuitBreaker{TKey}"/>.</summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="breakers">The breakers.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForCircuitBreakers<TKey>(string name, PartitionedCircuitBreaker<TKey> breakers)
        where TKey : notnull =>
        ForCircuitBreakers(name, OptionGuards.NotNull(breakers, nameof(breakers)).Partitions, static b => b);

    /// <summary>
    /// A check of the saturation of every partition's bulkhead (as <see cref="ForBulkhead(string, Bulkhead, HealthThresholds)"/>),
    /// keyed <c>name:utilization</c>: every partition below <paramref name="thresholds"/>' degraded level (or none yet) →
    /// healthy; every one at its unhealthy level → unhealthy; otherwise degraded — one saturated tenant degrades, it does
    /// not fail, the instance. Its observed value is the number of partitions at or above the degraded level; its data holds
    /// the number of partitions and the utilization of each of those under its key's text.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="bulkheads">The bulkheads.</param>
    /// <param name="thresholds">Where a partition is degraded and unhealthy; null for <see cref="HealthThresholds.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bulkheads"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForBulkheads<TKey>(string name, PartitionedBulkhead<TKey> bulkheads, HealthThresholds? thresholds = null)
        where TKey : notnull =>
        ForPartitions(name, OptionGuards.NotNull(bulkheads, nameof(bulkheads)).Partitions, static b => (double)b.InUse / b.MaxConcurrency, thresholds);

    /// <summary>
    /// A check of the exhaustion of every partition's token bucket (as <see cref="ForTokenBucket(string, TokenBucket, HealthThresholds)"/>),
    /// by the rule of <see cref="ForBulkheads{TKey}"/>.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="buckets">The buckets.</param>
    /// <param name="thresholds">Where a partition is degraded and unhealthy; null for <see cref="HealthThresholds.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="buckets"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForTokenBuckets<TKey>(string name, PartitionedTokenBucket<TKey> buckets, HealthThresholds? thresholds = null)
        where TKey : notnull =>
        ForPartitions(name, OptionGuards.NotNull(buckets, nameof(buckets)).Partitions, static b => 1 - (b.AvailableTokens / b.Options.Burst), thresholds);

    /// <summary>
    /// A check of the exhaustion of every partition's retry budget (as <see cref="ForRetryBudget(string, RetryBudget, HealthThresholds)"/>),
    /// by the rule of <see cref="ForBulkheads{TKey}"/>.
    /// </summary>
    /// <typeparam name="TKey">The partition key.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="budgets">The budgets.</param>
    /// <param name="thresholds">Where a partition is degraded and unhealthy; null for <see cref="HealthThresholds.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="budgets"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForRetryBudgets<TKey>(string name, PartitionedRetryBudget<TKey> budgets, HealthThresholds? thresholds = null)
        where TKey : notnull =>
        ForPartitions(name, OptionGuards.NotNull(budgets, nameof(budgets)).Partitions, static b => b.Exhaustion, thresholds);

    private static HealthCheck ForPartitions<TKey, TValue>(string name, Partitions<TKey, TValue> partitions, Func<TValue, double> usage, HealthThresholds? thresholds)
        where TKey : notnull
    {
        var levels = thresholds ?? HealthThresholds.Default;
        return FromState(name, () => PartitionedUsageResult(partitions.Snapshot(), usage, levels)) with { Measurement = "utilization" };
    }

    private static HealthResult PartitionedUsageResult<TKey, TValue>(IReadOnlyList<KeyValuePair<TKey, TValue>> partitions, Func<TValue, double> usage, HealthThresholds thresholds)
        where TKey : notnull
    {
        var busy = partitions
            .Select(pair => (Key: PartitionLayer.KeyText(pair.Key), Usage: usage(pair.Value)))
            .Where(p => thresholds.Classify(p.Usage) != HealthState.Healthy)
            .ToList();
        var saturated = busy.Count(p => thresholds.Classify(p.Usage) == HealthState.Unhealthy);
        var result = busy.Count == 0
            ? HealthResult.Healthy($"{partitions.Count} below {thresholds.Degraded}")
            : saturated == partitions.Count
                ? HealthResult.Unhealthy($"all {partitions.Count} at or above {thresholds.Unhealthy}")
                : HealthResult.Degraded($"{busy.Count} of {partitions.Count} at or above {thresholds.Degraded}");
        // Two keys may have the same text (a key type without its own ToString): the text reports the busier one.
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, used) in busy)
        {
            data[key] = data.TryGetValue(key, out var other) && other is double known && !(used > known) ? known : used;
        }

        data["partitions"] = partitions.Count;
        return result with { ObservedValue = busy.Count, ObservedUnit = "{partition}", Data = data };
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
            Data = StatesByKeyText(states),
        };
    }

    // Two keys may have the same text (a key type without its own ToString): the text reports a breaker that is not closed.
    private static Dictionary<string, object?> StatesByKeyText(List<(string Key, CircuitState State)> states)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, state) in states)
        {
            if (state != CircuitState.Closed || !data.ContainsKey(key))
            {
                data[key] = state.ToString();
            }
        }

        return data;
    }
}
