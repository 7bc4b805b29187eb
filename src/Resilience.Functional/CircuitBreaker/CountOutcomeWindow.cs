using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// The last N outcomes in a ring, with running totals. Safe to add to from many threads without a lock: a call takes
/// its place in the ring with one compare-and-swap of the cursor, and writes its outcome (and moves the totals) only when it
/// differs from the one it replaces, so a success replacing a success costs nothing more
/// (docs/circuit-breaker.md#under-concurrency).
/// </summary>
internal sealed class CountOutcomeWindow : OutcomeWindow
{
    private const byte FailureFlag = 1;
    private const byte SlowFlag = 2;
    private readonly byte[] ring;
    private int next;
    private bool full;
    private int failures;
    private int slows;

    public CountOutcomeWindow(int size) => ring = new byte[size];

    public override bool Clean => Volatile.Read(ref failures) == 0 && Volatile.Read(ref slows) == 0;

    public override bool ReadsClock => false;

    public override OutcomeWindow Copy()
    {
        var copy = new CountOutcomeWindow(ring.Length)
        {
            next = Volatile.Read(ref next),
            full = Volatile.Read(ref full),
            failures = Volatile.Read(ref failures),
            slows = Volatile.Read(ref slows),
        };
        ring.CopyTo(copy.ring, 0);
        return copy;
    }

    public override void AddAt(bool failure, bool slow, long utcTicks)
    {
        int slot, after;
        do
        {
            slot = Volatile.Read(ref next);
            after = slot + 1 == ring.Length ? 0 : slot + 1;
        }
        while (Interlocked.CompareExchange(ref next, after, slot) != slot);

        if (after == 0 && !full)
        {
            Volatile.Write(ref full, true);
        }

        var outcome = (byte)((failure ? FailureFlag : 0) | (slow ? SlowFlag : 0));
        if (Volatile.Read(ref ring[slot]) != outcome)
        {
            var evicted = Interlocked.Exchange(ref ring[slot], outcome);
            var failureChange = (outcome & FailureFlag) - (evicted & FailureFlag);
            var slowChange = ((outcome & SlowFlag) - (evicted & SlowFlag)) >> 1;
            _ = failureChange != 0 ? Interlocked.Add(ref failures, failureChange) : 0;
            _ = slowChange != 0 ? Interlocked.Add(ref slows, slowChange) : 0;
        }
    }

    // Totals move after the ring, so a reader racing a writer may see one outcome's total a moment early or late;
    // never below zero.
    public override BreakerWindowCounts CountsAt(long utcTicks) =>
        new(Volatile.Read(ref full) ? ring.Length : Volatile.Read(ref next), Math.Max(0, Volatile.Read(ref failures)), Math.Max(0, Volatile.Read(ref slows)));
}
