namespace Resilience.Functional.Redis;

/// <summary>The telemetry names of the Redis components (docs/redis.md#failure-modes), recorded on <c>resilience.functional.events</c>.</summary>
public static class RedisTelemetry
{
    /// <summary>Event: a component's call to Redis failed after the previous one succeeded (an outage began).</summary>
    public const string Unavailable = "resilience.redis.unavailable";

    /// <summary>Event: a component's call to Redis succeeded after an outage.</summary>
    public const string Recovered = "resilience.redis.recovered";
}
