using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Resilience.Functional.Redis;

/// <summary>
/// One partition of a <see cref="RedisRateLimiter"/> as a <see cref="RateLimiter"/>: never queues (a refused lease
/// carries the retry-after), one round trip per acquisition; the synchronous form blocks on that round trip.
/// </summary>
internal sealed class RedisPartitionRateLimiter(RedisRateLimiter owner, string partition) : RateLimiter
{
    private long lastUsed = Stopwatch.GetTimestamp();

    // The state is on the server: this object is idle, and may be dropped by a partitioned limiter, whenever unused.
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        RedisRateLimitLease.For(owner.Decide(partition, Checked(permitCount)));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RedisRateLimitLease.For(await owner.DecideAsync(partition, Checked(permitCount)).ConfigureAwait(false));
    }

    private int Checked(int permitCount)
    {
        Volatile.Write(ref lastUsed, Stopwatch.GetTimestamp());
        return permitCount <= owner.Options.Bucket.Burst
            ? permitCount
            : throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"permitCount must be at most the burst, {owner.Options.Bucket.Burst}.");
    }
}
