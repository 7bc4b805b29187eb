namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisConcurrencyLimiter"/>; every property is validated when set.</summary>
public sealed record RedisConcurrencyLimiterOptions() : RedisComponentOptions("rf:cl:")
{
    /// <summary>The most calls holding a permit at once, across every instance. From 1 to 1,000,000; default 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [1, 1000000].</exception>
    public int MaxConcurrency
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 1_000_000, nameof(MaxConcurrency));
    } = 10;

    /// <summary>
    /// How long a permit lasts without renewal: while its call runs it is renewed every third of this, so it bounds
    /// how long a dead instance's permits stay taken. From 100 milliseconds to 1 day; default 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [100 ms, 1 day].</exception>
    public TimeSpan LeaseDuration
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(100) && value <= TimeSpan.FromDays(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LeaseDuration), value, "LeaseDuration must be from 100 milliseconds to 1 day.");
    } = TimeSpan.FromSeconds(30);

    /// <summary>The shared downstream the permits are for; with <see cref="RedisComponentOptions.KeyPrefix"/> it makes the key. 1 to 64 characters without white space; default <c>default</c>.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 64 characters, or with white space or control characters.</exception>
    public string Resource
    {
        get;
        init => field = RedisGuards.Prefix(value, nameof(Resource));
    } = "default";

    /// <summary>
    /// What happens while Redis cannot be reached. Default <see cref="RedisOutageMode.FailOpen"/>: at most
    /// <see cref="MaxConcurrency"/> calls at once in this process.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="RedisOutageMode"/>.</exception>
    public RedisOutageMode OnUnavailable
    {
        get;
        init => field = RedisGuards.Mode(value, nameof(OnUnavailable));
    } = RedisOutageMode.FailOpen;

    /// <summary>The name of the limiter's telemetry and health check. Default <c>redis-concurrency</c>.</summary>
    /// <exception cref="ArgumentException">Null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = "redis-concurrency";
}
