namespace Resilience.Functional.Redis;

/// <summary>A permit of a <see cref="RedisConcurrencyLimiter"/>: none, a lease on the server, or a local one taken during an outage.</summary>
internal readonly record struct ConcurrencyPermit(bool Acquired, string? Lease)
{
    public static ConcurrencyPermit None { get; } = new(false, null);

    public static ConcurrencyPermit Local { get; } = new(true, null);
}
