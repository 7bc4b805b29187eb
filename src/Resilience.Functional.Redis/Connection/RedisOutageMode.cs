namespace Resilience.Functional.Redis;

/// <summary>What a shared limit does while Redis cannot be reached (docs/redis.md#failure-modes).</summary>
public enum RedisOutageMode
{
    /// <summary>Admit through a limit of this process alone (a local token bucket or semaphore with the same settings): the service stays up, and N instances admit up to N times the limit.</summary>
    FailOpen,

    /// <summary>Refuse every call with the component's rejection error until Redis answers again.</summary>
    FailClosed,
}
