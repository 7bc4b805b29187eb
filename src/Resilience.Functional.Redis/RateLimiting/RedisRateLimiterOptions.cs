namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisRateLimiter"/>; every property is validated when set.</summary>
public sealed record RedisRateLimiterOptions() : RedisComponentOptions("rf:rl:")
{
    /// <summary>
    /// Rate and burst, as for the in-memory <see cref="TokenBucket"/>; its <see cref="TokenBucketOptions.Name"/> names
    /// the limiter's telemetry and health check, and its clock runs the local buckets of <see cref="RedisOutageMode.FailOpen"/>.
    /// The shared bucket runs on the server's clock. Default 10 per second, burst 10.
    /// </summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public TokenBucketOptions Bucket
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Bucket));
    } = new();

    /// <summary>
    /// What happens while Redis cannot be reached. Default <see cref="RedisOutageMode.FailOpen"/>: a local bucket per
    /// partition with <see cref="Bucket"/>'s settings, so an outage of the limiter's store does not become an outage
    /// of the service.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="RedisOutageMode"/>.</exception>
    public RedisOutageMode OnUnavailable
    {
        get;
        init => field = RedisGuards.Mode(value, nameof(OnUnavailable));
    } = RedisOutageMode.FailOpen;

}
