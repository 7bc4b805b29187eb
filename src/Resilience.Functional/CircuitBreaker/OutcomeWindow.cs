namespace Resilience.Functional;

/// <summary>The counts of a circuit breaker's sliding window at one instant.</summary>
/// <param name="Calls">Calls in the window (successes and counted failures).</param>
/// <param name="Failures">Failures in the window.</param>
/// <param name="SlowCalls">Slow calls in the window (successful or not).</param>
public readonly record struct CircuitWindowCounts(int Calls, int Failures, int SlowCalls);

/// <summary>An immutable sliding window of call outcomes; recording returns a new window.</summary>
internal abstract class OutcomeWindow
{
    public abstract OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now);

    public abstract CircuitWindowCounts Counts(DateTimeOffset now);
}

/// <summary>The last N outcomes in a ring, with running totals.</summary>
internal sealed class CountOutcomeWindow : OutcomeWindow
{
    private const byte FailureFlag = 1;
    private const byte SlowFlag = 2;
    private readonly byte[] ring;
    private readonly int next;
    private readonly CircuitWindowCounts counts;

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

    public override OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now)
    {
        var copy = (byte[])ring.Clone();
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

        copy[next] = (byte)((failure ? FailureFlag : 0) | (slow ? SlowFlag : 0));
        return new CountOutcomeWindow(
            copy,
            (next + 1) % ring.Length,
            new(calls, failures + (failure ? 1 : 0), slows + (slow ? 1 : 0)));
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

    public override OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now)
    {
        var epoch = now.UtcTicks / bucketTicks;
        var copy = (Bucket[])buckets.Clone();
        var slot = (int)(epoch % copy.Length);
        var bucket = copy[slot].Epoch == epoch ? copy[slot] : new Bucket(epoch, 0, 0, 0);
        copy[slot] = bucket with
        {
            Calls = bucket.Calls + 1,
            Failures = bucket.Failures + (failure ? 1 : 0),
            SlowCalls = bucket.SlowCalls + (slow ? 1 : 0),
        };
        return new TimeOutcomeWindow(bucketTicks, copy);
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
