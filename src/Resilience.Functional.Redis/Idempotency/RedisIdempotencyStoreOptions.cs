namespace Resilience.Functional.Redis;

/// <summary>Settings of a <see cref="RedisIdempotencyStore"/>; every property is validated when set.</summary>
public sealed record RedisIdempotencyStoreOptions
{
    /// <summary>The defaults: prefix <c>rf:idem:</c>, records up to 1 MiB, the connection's default database.</summary>
    public static RedisIdempotencyStoreOptions Default { get; } = new();

    /// <summary>What every key starts with (docs/redis.md#key-layout). 1 to 64 characters without white space; default <c>rf:idem:</c>.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 64 characters, or with white space or control characters.</exception>
    public string KeyPrefix
    {
        get;
        init => field = RedisGuards.Prefix(value, nameof(KeyPrefix));
    } = "rf:idem:";

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

    /// <summary>The database number, or -1 for the connection's default. From -1 to 15; default -1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [-1, 15].</exception>
    public int Database
    {
        get;
        init => field = OptionGuards.InRange(value, -1, 15, nameof(Database));
    } = -1;

    /// <summary>The name of the store's <see cref="RedisAvailability"/> (health check and telemetry). Default <c>redis-idempotency</c>.</summary>
    /// <exception cref="ArgumentException">Null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = "redis-idempotency";
}
