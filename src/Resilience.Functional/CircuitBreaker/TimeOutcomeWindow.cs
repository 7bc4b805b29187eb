using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// Outcomes counted in time buckets; a bucket is reused (and cleared) when its epoch comes round again. Safe to add
/// to from many threads without a lock: a call adds to the current bucket with interlocked increments, and only the
/// move to the next bucket (once a bucket duration) takes a lock (docs/circuit-breaker.md#under-concurrency).
/// </summary>
internal sealed class TimeOutcomeWindow : OutcomeWindow
{
    private readonly long bucketTicks;
    private readonly Bucket[] buckets;
    private readonly Lock rotation = new();
    private Bucket current;

    // The epoch of the latest failure or slow call: while it has aged out of the window, no ratio rule can trip.
    private long lastTrouble = long.MinValue;

    public TimeOutcomeWindow(long bucketTicks, int count)
    {
        this.bucketTicks = bucketTicks;
        buckets = new Bucket[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = new Bucket();
        }

        current = buckets[0];
    }

    public override bool Clean
    {
        get
        {
            var trouble = Volatile.Read(ref lastTrouble);
            return trouble == long.MinValue || trouble <= Volatile.Read(ref current).Epoch - buckets.Length;
        }
    }

    public override bool ReadsClock => true;

    public override OutcomeWindow Copy()
    {
        var copy = new TimeOutcomeWindow(bucketTicks, buckets.Length) { lastTrouble = Volatile.Read(ref lastTrouble) };
        var latest = Volatile.Read(ref current);
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i].CopyTo(copy.buckets[i]);
            if (ReferenceEquals(buckets[i], latest))
            {
                copy.current = copy.buckets[i];
            }
        }

        return copy;
    }

    public override void AddAt(bool failure, bool slow, long ticks)
    {
        var bucket = Volatile.Read(ref current);
        if ((ulong)(ticks - bucket.Start) >= (ulong)bucketTicks)
        {
            bucket = Rotate(ticks);
        }

        Interlocked.Increment(ref bucket.Calls);
        if (failure || slow)
        {
            _ = failure ? Interlocked.Increment(ref bucket.Failures) : 0;
            _ = slow ? Interlocked.Increment(ref bucket.SlowCalls) : 0;
            if (Volatile.Read(ref lastTrouble) < bucket.Epoch)
            {
                Volatile.Write(ref lastTrouble, bucket.Epoch);
            }
        }
    }

    public override BreakerWindowCounts CountsAt(long ticks)
    {
        var epoch = ticks / bucketTicks;
        int calls = 0, failures = 0, slows = 0;
        foreach (var bucket in buckets)
        {
            var at = Volatile.Read(ref bucket.Epoch);
            if (at <= epoch && at > epoch - buckets.Length)
            {
                calls += Volatile.Read(ref bucket.Calls);
                failures += Volatile.Read(ref bucket.Failures);
                slows += Volatile.Read(ref bucket.SlowCalls);
            }
        }

        return new(calls, failures, slows);
    }

    // The bucket of the instant `ticks`, cleared first when it still holds an older epoch. A caller whose instant is
    // older than the bucket in its slot (it paused for a whole window) counts into the current bucket instead.
    private Bucket Rotate(long ticks)
    {
        var epoch = ticks / bucketTicks;
        lock (rotation)
        {
            var bucket = buckets[(int)(epoch % buckets.Length)];
            if (bucket.Epoch > epoch)
            {
                return current;
            }

            if (bucket.Epoch != epoch)
            {
                bucket.Restart(epoch, epoch * bucketTicks);
            }

            if (epoch > current.Epoch)
            {
                Volatile.Write(ref current, bucket);
            }

            return bucket;
        }
    }

    /// <summary>One bucket's counts; its epoch changes only under the rotation lock.</summary>
    private sealed class Bucket
    {
        public long Epoch = long.MinValue;
        public long Start = long.MinValue;
        public int Calls;
        public int Failures;
        public int SlowCalls;

        public void Restart(long epoch, long start)
        {
            Volatile.Write(ref Calls, 0);
            Volatile.Write(ref Failures, 0);
            Volatile.Write(ref SlowCalls, 0);
            Volatile.Write(ref Start, start);
            Volatile.Write(ref Epoch, epoch);
        }

        public void CopyTo(Bucket other)
        {
            other.Epoch = Volatile.Read(ref Epoch);
            other.Start = Volatile.Read(ref Start);
            other.Calls = Volatile.Read(ref Calls);
            other.Failures = Volatile.Read(ref Failures);
            other.SlowCalls = Volatile.Read(ref SlowCalls);
        }
    }
}
