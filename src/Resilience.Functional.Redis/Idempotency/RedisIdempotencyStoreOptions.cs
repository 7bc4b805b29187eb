namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisIdempotencyStore"/>; every property is validated when set.</summary>
public sealed record RedisIdempotencyStoreOptions() : RedisComponentOptions("rf:idem:")
{
    /// <summary>The defaults: prefix <c>rf:idem:</c>, records up to 1 MiB, the connection's default database.</summary>
    public static RedisIdempotencyStoreOptions Default { get; } = new();

    /// <summary>
    /// The largest stored payload in bytes; a larger outcome is refused by <see cref="RedisIdempotencyStore.CompleteAsync"/>
    /// (the caller still gets it; the key is then held as after an ambiguous failure). From 1 byte to 512 MiB (Redis's
    /// limit for a value); default 1 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [1, 536870912].</exception>
    public int MaxRecordBytes
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 512 * 1024 * 1024, nameof(MaxRecordBytes));
    } = 1024 * 1024;

    /// <summary>The name of the store's <see cref="RedisAvailability"/> (health check and telemetry). Default <c>redis-idempotency</c>.</summary>
    /// <exception cref="ArgumentException">Null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = "redis-idempotency";
}
