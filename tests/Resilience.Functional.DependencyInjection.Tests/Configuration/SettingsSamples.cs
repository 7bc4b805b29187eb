namespace Resilience.Functional.DependencyInjection.Tests;

/// <summary>Configuration dictionaries shared by the configuration tests.</summary>
internal static class SettingsSamples
{
    public const string Orders = "Resilience:Policies:orders";

    /// <summary>Every key of every pattern, durations in both forms.</summary>
    public static Dictionary<string, string?> Everything() => new()
    {
        [$"{Orders}:RateLimiter:TokensPerPeriod"] = "50",
        [$"{Orders}:RateLimiter:Period"] = "00:00:02",
        [$"{Orders}:RateLimiter:Burst"] = "60",
        [$"{Orders}:RateLimiter:MaxWait"] = "250ms",
        [$"{Orders}:Bulkhead:MaxConcurrency"] = "8",
        [$"{Orders}:Bulkhead:MaxQueueLength"] = "4",
        [$"{Orders}:Bulkhead:MaxQueueWait"] = "1s",
        [$"{Orders}:Timeout:Timeout"] = "5s",
        [$"{Orders}:Timeout:Mode"] = "Pessimistic",
        [$"{Orders}:Retry:Backoff"] = "Exponential",
        [$"{Orders}:Retry:BaseDelay"] = "100ms",
        [$"{Orders}:Retry:Factor"] = "3",
        [$"{Orders}:Retry:MaxDelay"] = "2m",
        [$"{Orders}:Retry:Jitter"] = "Equal",
        [$"{Orders}:Retry:MaxRetries"] = "4",
        [$"{Orders}:Retry:MaxElapsed"] = "00:01:00",
        [$"{Orders}:Retry:Budget:Ttl"] = "20s",
        [$"{Orders}:Retry:Budget:MinRetriesPerSecond"] = "5",
        [$"{Orders}:Retry:Budget:RetryRatio"] = "0.3",
        [$"{Orders}:Hedging:MaxHedgedAttempts"] = "2",
        [$"{Orders}:Hedging:Delay"] = "infinite",
        [$"{Orders}:CircuitBreaker:ConsecutiveFailures"] = "3",
        [$"{Orders}:CircuitBreaker:FailureRatio"] = "0.5",
        [$"{Orders}:CircuitBreaker:SlowCallRatio"] = "0.8",
        [$"{Orders}:CircuitBreaker:SlowCallDuration"] = "3s",
        [$"{Orders}:CircuitBreaker:WindowDuration"] = "30s",
        [$"{Orders}:CircuitBreaker:WindowBuckets"] = "6",
        [$"{Orders}:CircuitBreaker:MinimumThroughput"] = "20",
        [$"{Orders}:CircuitBreaker:BreakDuration"] = "10s",
        [$"{Orders}:CircuitBreaker:BreakDurationFactor"] = "2",
        [$"{Orders}:CircuitBreaker:MaxBreakDuration"] = "1h",
        [$"{Orders}:CircuitBreaker:HalfOpenProbes"] = "2",
        [$"{Orders}:CircuitBreaker:ProbeTimeout"] = "00:00:15",
        [$"{Orders}:AttemptTimeout:Timeout"] = "1.5s",
        [$"{Orders}:Chaos:Enabled"] = "false",
        [$"{Orders}:Chaos:FaultRate"] = "0.1",
        [$"{Orders}:Chaos:FaultStatusCode"] = "500",
        [$"{Orders}:Chaos:LatencyRate"] = "0.2",
        [$"{Orders}:Chaos:Latency"] = "1d",
    };
}
