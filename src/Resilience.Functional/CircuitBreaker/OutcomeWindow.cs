namespace Resilience.Functional;

/// <summary>The counts of a circuit breaker's sliding window at one instant.</summary>
/// <param name="Calls">Calls in the window (successes and counted failures).</param>
/// <param name="Failures">Failures in the window.</param>
/// <param name="SlowCalls">Slow calls in the window (successful or not).</param>
public readonly record struct CircuitWindowCounts(int Calls, int Failures, int SlowCalls);

/// <summary>
/// A sliding window of call outcomes. <see cref="CircuitBreakerMachine"/> records functionally (<see cref="Record"/>: a
/// copy with the outcome added) or, for a breaker that owns the window under its lock, in place (<see cref="Add"/>);
/// both go through <see cref="Add"/>, so there is one piece of counting code.
/// </summary>
internal abstract class OutcomeWindow
{
    public OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now) => Copy().Add(failure, slow, now);

    /// <summary>Adds the outcome to this window (mutating it) and returns it.</summary>
    public abstract OutcomeWindow Add(bool failure, bool slow, DateTimeOffset now);

    public abstract OutcomeWindow Copy();

    public abstract CircuitWindowCounts Counts(DateTimeOffset now);
}

/// <summary>The last N outcomes in a ring, with running totals.</summary>
internal sealed class CountOutcomeWindow : OutcomeWindow
{
    private const byte FailureFlag = 1;
    private const byte SlowFlag = 2;
    private readonly byte[] ring;
    private int next;
    private CircuitWindowCounts counts;

    public CountOutcomeWindow(int size)
        : this(new byte[size], 0, default)
    {
    }

    private CountOutcomeWindow(byte[] ring, int next, CircuitWindowCounts counts)
    {
        this.ring = ring;
        this.next = next;
        this.counts = counts;
    }

    public override OutcomeWindow Copy() => new CountOutcomeWindow((byte[])ring.Clone(), next, counts);

    public override OutcomeWindow Add(bool failure, bool slow, DateTimeOffset now)
    {
        var (calls, failures, slows) = counts;
        if (calls == ring.Length)
        {
            var evicted = ring[next];
            failures -= evicted & FailureFlag;
            slows -= (evicted & SlowFlag) >> 1;
        }
        else
        {
            calls++;
        }

        ring[next] = (byte)((failure ? FailureFlag : 0) | (slow ? SlowFlag : 0));
        next = next + 1 == ring.Length ? 0 : next + 1;
        counts = new(calls, failures + (failure ? 1 : 0), slows + (slow ? 1 : 0));
        return this;
    }

    public override CircuitWindowCounts Counts(DateTimeOffset now) => counts;
}

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

    public override CircuitWindowCounts Counts(DateTimeOffset now)
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
