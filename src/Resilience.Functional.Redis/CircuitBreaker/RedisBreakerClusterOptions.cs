namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisBreakerCluster"/>; every property is validated when set.</summary>
public sealed record RedisBreakerClusterOptions() : RedisComponentOptions("rf:cb:")
{
    /// <summary>The breaker every instance shares (with <see cref="RedisComponentOptions.KeyPrefix"/> it makes the key). 1 to 64 characters without white space; default <c>circuit-breaker</c>.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 64 characters, or with white space or control characters.</exception>
    public string Breaker
    {
        get;
        init => field = RedisGuards.Prefix(value, nameof(Breaker));
    } = "circuit-breaker";

    /// <summary>This instance's id among the breaker's instances. 1 to 64 characters without white space; default a new GUID.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 64 characters, or with white space or control characters.</exception>
    public string InstanceId
    {
        get;
        init => field = RedisGuards.Prefix(value, nameof(InstanceId));
    } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// How long an instance's last report counts: an instance that stops reporting (dead) drops out of the sums
    /// after this. From 100 milliseconds to 10 minutes; default 3 seconds (a dozen polls at the default interval).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [100 ms, 10 min].</exception>
    public TimeSpan Heartbeat
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(100) && value <= TimeSpan.FromMinutes(10)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Heartbeat), value, "Heartbeat must be from 100 milliseconds to 10 minutes.");
    } = TimeSpan.FromSeconds(3);

}
