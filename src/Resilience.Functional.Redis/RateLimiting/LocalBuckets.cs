using System.Collections.Concurrent;

namespace Resilience.Functional.Redis;

/// <summary>
/// The per-partition token buckets of this process that admit while Redis is down (<see cref="RedisOutageMode.FailOpen"/>),
/// made on first use. Bounded: beyond <see cref="MaxPartitions"/> partitions they all start again full, which can
/// only happen during an outage with that many clients.
/// </summary>
internal sealed class LocalBuckets(TokenBucketOptions options)
{
    public const int MaxPartitions = 10_000;

    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);

    public RateDecision TryAcquire(string partition, int cost)
    {
        if (buckets.Count >= MaxPartitions)
        {
            buckets.Clear();
        }

        var bucket = buckets.GetOrAdd(partition, static (_, o) => new TokenBucket(o), options);
        var retryAfter = TimeSpan.Zero;
        for (var taken = 0; taken < cost; taken++)
        {
            if (!bucket.TryAcquire(out retryAfter))
            {
                return new RateDecision(false, retryAfter);
            }
        }

        return RateDecision.Admit;
    }
}
