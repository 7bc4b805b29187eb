using Resilience.Functional.Stores;

namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisLastKnownGoodStore{T}"/>; every property is validated when set.</summary>
public sealed record RedisLastKnownGoodOptions() : RedisComponentOptions("rf:lkg:")
{
    /// <summary>The oldest a stored success may be and still be served, on the server's clock; also its TTL. From 1 millisecond to 30 days; default 5 minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [1 ms, 30 days].</exception>
    public TimeSpan MaxStaleness
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(1) && value <= TimeSpan.FromDays(30)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxStaleness), value, "MaxStaleness must be from 1 millisecond to 30 days.");
    } = TimeSpan.FromMinutes(5);

    /// <summary>The largest serialized value stored, in bytes; a larger success is not stored (and the previous one stays). From 1 byte to 512 MiB; default 256 KiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [1, 536870912].</exception>
    public int MaxValueBytes
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 512 * 1024 * 1024, nameof(MaxValueBytes));
    } = 256 * 1024;

    /// <summary>How values are written; the idempotency serializer's protocol. Default <see cref="JsonIdempotencySerializer.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public IIdempotencySerializer Serializer
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(Serializer));
    } = JsonIdempotencySerializer.Default;

    /// <summary>The name of the store's health check and telemetry. Default <c>redis-last-known-good</c>.</summary>
    /// <exception cref="ArgumentException">Null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = "redis-last-known-good";
}
