using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>Outcomes counted in time buckets; a bucket is reused (and cleared) when its epoch comes round again.</summary>
internal sealed class TimeOutcomeWindow : OutcomeWindow
{
    private readonly long bucketTicks;
    private readonly Bucket[] buckets;

    public TimeOutcomeWindow(long bucketTicks, int count)
        : this(bucketTicks, CreateBuckets(count))
    {
    }

    private TimeOutcomeWindow(long bucketTicks, Bucket[] buckets)
    {
        this.bucketTicks = bucketTicks;
        this.buckets = buckets;
    }

    public override OutcomeWindow Copy() => new TimeOutcomeWindow(bucketTicks, (Bucket[])buckets.Clone());

    public override OutcomeWindow Add(bool failure, bool slow, DateTimeOffset now)
    {
        var epoch = now.UtcTicks / bucketTicks;
        var slot = (int)(epoch % buckets.Length);
        var bucket = buckets[slot].Epoch == epoch ? buckets[slot] : new Bucket(epoch, 0, 0, 0);
        buckets[slot] = bucket with
        {
            Calls = bucket.Calls + 1,
            Failures = bucket.Failures + (failure ? 1 : 0),
            SlowCalls = bucket.SlowCalls + (slow ? 1 : 0),
        };
        return this;
    }

    public override BreakerWindowCounts Counts(DateTimeOffset now)
    {
        var epoch = now.UtcTicks / bucketTicks;
        int calls = 0, failures = 0, slows = 0;
        foreach (var bucket in buckets)
        {
            if (bucket.Epoch <= epoch && bucket.Epoch > epoch - buckets.Length)
            {
                calls += bucket.Calls;
                failures += bucket.Failures;
                slows += bucket.SlowCalls;
            }
        }

        return new(calls, failures, slows);
    }

    private static Bucket[] CreateBuckets(int count)
    {
        var result = new Bucket[count];
        Array.Fill(result, new Bucket(long.MinValue, 0, 0, 0));
        return result;
    }

    private readonly record struct Bucket(long Epoch, int Calls, int Failures, int SlowCalls);
}
