namespace Resilience.Functional;

/// <summary>Ready checks for the library's stateful objects, one factory each.</summary>
public sealed partial record HealthCheck
{
    /// <summary>
    /// A check of a circuit breaker, keyed <c>name:circuit</c>: closed → healthy, half-open → degraded, open or
    /// isolated → unhealthy. Its observed value is the time until half-open in seconds (absent while isolated); its
    /// data holds the state, <c>timeUntilHalfOpen</c>, the consecutive failures and openings, and the window counts.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="breaker">The breaker.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForCircuitBreaker(string name, CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return FromState(name, () => CircuitResult(breaker)) with { Measurement = "circuit" };
    }

    /// <summary>
    /// A check of a bulkhead's saturation (executions in use / maximum concurrency), keyed <c>name:utilization</c>,
    /// with <see cref="HealthThresholds.Default"/>; its data holds the slots in use and the queue length.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="bulkhead">The bulkhead.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForBulkhead(string name, Bulkhead bulkhead) => ForBulkhead(name, bulkhead, HealthThresholds.Default);

    /// <summary><see cref="ForBulkhead(string, Bulkhead)"/> with the given thresholds.</summary>
    /// <param name="name">The check name.</param>
    /// <param name="bulkhead">The bulkhead.</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForBulkhead(string name, Bulkhead bulkhead, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(bulkhead);
        return FromUsage(name, thresholds, () =>
        {
            var inUse = bulkhead.InUse;
            return UsageResult((double)inUse / bulkhead.MaxConcurrency, thresholds) with
            {
                Data = new Dictionary<string, object?>
                {
                    ["inUse"] = inUse,
                    ["maxConcurrency"] = bulkhead.MaxConcurrency,
                    ["queued"] = bulkhead.Queued,
                    ["maxQueueLength"] = bulkhead.MaxQueueLength,
                },
            };
        });
    }

    /// <summary>
    /// A check of an adaptive concurrency limiter's saturation (executions in flight / current limit), keyed
    /// <c>name:utilization</c>, with <see cref="HealthThresholds.Default"/>; its data holds the current limit, its range,
    /// the executions in flight and the queue length.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="limiter">The limiter.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForConcurrencyLimiter(string name, AdaptiveConcurrencyLimiter limiter) =>
        ForConcurrencyLimiter(name, limiter, HealthThresholds.Default);

    /// <summary><see cref="ForConcurrencyLimiter(string, AdaptiveConcurrencyLimiter)"/> with the given thresholds.</summary>
    /// <param name="name">The check name.</param>
    /// <param name="limiter">The limiter.</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForConcurrencyLimiter(string name, AdaptiveConcurrencyLimiter limiter, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        return FromUsage(name, thresholds, () =>
        {
            var (inFlight, limit) = (limiter.InFlight, limiter.Limit);
            return UsageResult(Math.Min(1, (double)inFlight / limit), thresholds) with
            {
                Data = new Dictionary<string, object?>
                {
                    ["inFlight"] = inFlight,
                    ["limit"] = limit,
                    ["minLimit"] = limiter.Options.MinLimit,
                    ["maxLimit"] = limiter.Options.MaxLimit,
                    ["queued"] = limiter.Queued,
                    ["maxQueueLength"] = limiter.Options.MaxQueueLength,
                },
            };
        });
    }

    /// <summary>
    /// A check of a token bucket's exhaustion (1 − available tokens / burst), keyed <c>name:utilization</c>, with
    /// <see cref="HealthThresholds.Default"/>; its data holds the available tokens and the burst.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="bucket">The token bucket.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForTokenBucket(string name, TokenBucket bucket) => ForTokenBucket(name, bucket, HealthThresholds.Default);

    /// <summary><see cref="ForTokenBucket(string, TokenBucket)"/> with the given thresholds.</summary>
    /// <param name="name">The check name.</param>
    /// <param name="bucket">The token bucket.</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForTokenBucket(string name, TokenBucket bucket, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return FromUsage(name, thresholds, () =>
        {
            var available = bucket.AvailableTokens;
            return UsageResult(1 - (available / bucket.Options.Burst), thresholds) with
            {
                Data = new Dictionary<string, object?> { ["availableTokens"] = available, ["burst"] = bucket.Options.Burst },
            };
        });
    }

    /// <summary>
    /// A check of a retry budget's exhaustion (<see cref="RetryBudget.Exhaustion"/>: 1 when a retry would be refused),
    /// keyed <c>name:utilization</c>, with <see cref="HealthThresholds.Default"/>; its data says whether it is exhausted.
    /// </summary>
    /// <param name="name">The check name.</param>
    /// <param name="budget">The budget (<see cref="TokenRatioRetryBudget"/>, <see cref="PercentRetryBudget"/>, or yours).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForRetryBudget(string name, RetryBudget budget) => ForRetryBudget(name, budget, HealthThresholds.Default);

    /// <summary><see cref="ForRetryBudget(string, RetryBudget)"/> with the given thresholds.</summary>
    /// <param name="name">The check name.</param>
    /// <param name="budget">The budget.</param>
    /// <param name="thresholds">Where degraded and unhealthy begin.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static HealthCheck ForRetryBudget(string name, RetryBudget budget, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return FromUsage(name, thresholds, () =>
        {
            var exhaustion = budget.Exhaustion;
            return UsageResult(exhaustion, thresholds) with
            {
                Data = new Dictionary<string, object?> { ["exhausted"] = exhaustion >= 1 },
            };
        });
    }

    /// <summary>
    /// A check of a single-flight's oldest execution in flight against <paramref name="stuckAfter"/>, keyed
    /// <c>name:oldest_in_flight</c>: the age over <paramref name="stuckAfter"/> is mapped by
    /// <see cref="HealthThresholds.Default"/> (degraded from 80 % of it, unhealthy from all of it), because one hung
    /// shared execution holds every caller of its key. Its observed value is the age in seconds; its data holds the
    /// executions in flight and the successes kept for reuse.
    /// </summary>
    /// <typeparam name="TKey">The key calls are coalesced by.</typeparam>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="name">The check name.</param>
    /// <param name="flights">The single-flight.</param>
    /// <param name="stuckAfter">How long an execution may run before the check calls it stuck (unhealthy); positive.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stuckAfter"/> is not positive.</exception>
    public static HealthCheck ForSingleFlight<TKey, T>(string name, SingleFlight<TKey, T> flights, TimeSpan stuckAfter)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(flights);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stuckAfter, TimeSpan.Zero);
        return FromState(name, () =>
        {
            var oldest = flights.OldestInFlight;
            var result = UsageResult(oldest / stuckAfter, HealthThresholds.Default);
            return result with
            {
                Description = $"oldest execution in flight: {Durations.Format(oldest)} (stuck after {Durations.Format(stuckAfter)})",
                ObservedValue = oldest.TotalSeconds,
                ObservedUnit = "s",
                Data = new Dictionary<string, object?> { ["inFlight"] = flights.InFlight, ["reusable"] = flights.Reusable },
            };
        }) with { Measurement = "oldest_in_flight" };
    }

    private static HealthCheck FromUsage(string name, HealthThresholds thresholds, Func<HealthResult> probe)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return FromState(name, probe) with { Measurement = "utilization" };
    }

    private static HealthResult CircuitResult(CircuitBreaker breaker)
    {
        var state = breaker.State;
        var untilHalfOpen = breaker.TimeUntilHalfOpen;
        var snapshot = breaker.Current;
        var counts = breaker.WindowCounts;
        var description = state switch
        {
            CircuitState.Closed => "closed",
            CircuitState.HalfOpen => "half-open",
            CircuitState.Open => $"open, half-open in {untilHalfOpen}",
            _ => "isolated",
        };
        return GateResult(state == CircuitState.Closed, state == CircuitState.HalfOpen, description) with
        {
            ObservedValue = state == CircuitState.Isolated ? null : untilHalfOpen.TotalSeconds,
            ObservedUnit = "s",
            Data = new Dictionary<string, object?>
            {
                ["state"] = state.ToString(),
                ["timeUntilHalfOpen"] = untilHalfOpen,
                ["consecutiveFailures"] = snapshot.ConsecutiveFailures,
                ["openings"] = snapshot.Openings,
                ["windowCalls"] = counts.Calls,
                ["windowFailures"] = counts.Failures,
                ["windowSlowCalls"] = counts.SlowCalls,
            },
        };
    }
}
