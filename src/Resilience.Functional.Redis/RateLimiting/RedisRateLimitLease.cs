using System.Threading.RateLimiting;

namespace Resilience.Functional.Redis;

/// <summary>The lease of the <see cref="System.Threading.RateLimiting.RateLimiter"/> form: nothing to give back, a refusal carries its retry-after.</summary>
internal sealed class RedisRateLimitLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static RedisRateLimitLease Acquired { get; } = new(true, null);

    public static RedisRateLimitLease Refused { get; } = new(false, null);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name ? after : null;
        return metadata is not null;
    }

    public static RedisRateLimitLease For(RateDecision decision) =>
        decision.Admitted ? Acquired : decision.RetryAfter is null ? Refused : new(false, decision.RetryAfter);
}
