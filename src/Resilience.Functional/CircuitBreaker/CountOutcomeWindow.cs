using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>The last N outcomes in a ring, with running totals.</summary>
internal sealed class CountOutcomeWindow : OutcomeWindow
{
    private const byte FailureFlag = 1;
    private const byte SlowFlag = 2;
    private readonly byte[] ring;
    private int next;
    private BreakerWindowCounts counts;

    public CountOutcomeWindow(int size)
        : this(new byte[size], 0, default)
    {
    }

    private CountOutcomeWindow(byte[] ring, int next, BreakerWindowCounts counts)
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

    public override BreakerWindowCounts Counts(DateTimeOffset now) => counts;
}
