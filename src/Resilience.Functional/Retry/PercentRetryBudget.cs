namespace Resilience.Functional;

/// <summary>
/// Finagle's retry budget: every call deposits <see cref="PercentRetryBudgetOptions.RetryRatio"/> of a retry, and
/// deposits expire after <see cref="PercentRetryBudgetOptions.Ttl"/>. A retry spends the oldest deposits first; what
/// deposits cannot pay comes from a reserve of <c>MinRetriesPerSecond · Ttl</c> retries per <c>Ttl</c>, which
/// retries paid by deposits never touch, so the reserve is there for low traffic whatever the traffic before it.
/// Thread-safe, on the injected clock.
/// </summary>
/// <remarks>
/// A retry pays for itself once, when it is made: the deposits it spends are gone, and nothing of it is left to
/// expire later. (Counting withdrawals as debts that expire on their own clock lets the deposits that paid for them
/// expire first, which drove the balance below zero after a burst of slow calls and refused a lone call its retry.)
/// What a retry draws from the reserve comes back one <c>Ttl</c> later. Time is counted in tenths of
/// <c>Ttl</c>: a deposit expires between 0.9 and 1 <c>Ttl</c> after it was made (on the system clock, to within a step
/// of the millisecond tick count). A deposit into the current tenth is one atomic add, without the lock: every call
/// makes one, and only a new tenth (its slot cleared, then published) and a retry take the lock.
/// </remarks>
public sealed class PercentRetryBudget : RetryBudget
{
    private const int Slices = 10;
    private const long OneRetry = 1_000_000;
    private readonly Lock gate = new();
    private readonly ElapsedClock clock;
    private readonly long sliceTicks;
    private readonly long deposit;
    private readonly long reserve;
    private readonly long[] deposits = new long[Slices];
    private readonly long[] reserveUsed = new long[Slices];
    private readonly long[] sliceOf = new long[Slices];

    /// <summary>An empty budget (only the reserve is available).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public PercentRetryBudget(PercentRetryBudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        clock = new ElapsedClock(options.TimeProvider);
        sliceTicks = options.Ttl.Ticks / Slices;
        deposit = (long)Math.Round(options.RetryRatio * OneRetry);
        reserve = (long)Math.Round(options.MinRetriesPerSecond * options.Ttl.TotalSeconds * OneRetry);
        Array.Fill(sliceOf, long.MinValue);
    }

    /// <summary>The settings.</summary>
    public PercentRetryBudgetOptions Options { get; }

    /// <summary>Retries the reserve alone allows within any one <see cref="PercentRetryBudgetOptions.Ttl"/>.</summary>
    public double Reserve => (double)reserve / OneRetry;

    /// <summary>Retries that could be paid for now (may be fractional; never negative): the unspent deposits plus what
    /// is left of the reserve.</summary>
    public double Balance
    {
        get
        {
            lock (gate)
            {
                return (double)BalanceNow(CurrentSlice()) / OneRetry;
            }
        }
    }

    /// <inheritdoc />
    public override bool IsExhausted => Balance < 1;

    /// <summary><c>1 − balance / reserve</c> (0 when traffic has paid for at least the reserve), and 1 once the
    /// balance cannot pay for a retry.</summary>
    public override double Exhaustion
    {
        get
        {
            lock (gate)
            {
                var balance = BalanceNow(CurrentSlice());
                return balance < OneRetry ? 1 : Math.Clamp(1 - ((double)balance / Math.Max(reserve, OneRetry)), 0, 1);
            }
        }
    }

    /// <inheritdoc />
    public override void Deposit()
    {
        var slice = CurrentSlice();
        var i = (int)(slice % Slices);
        if (Volatile.Read(ref sliceOf[i]) == slice)
        {
            Interlocked.Add(ref deposits[i], deposit);
            return;
        }

        lock (gate)
        {
            Interlocked.Add(ref deposits[Slot(CurrentSlice())], deposit);
        }
    }

    /// <inheritdoc />
    public override bool TryWithdraw()
    {
        lock (gate)
        {
            var slice = CurrentSlice();
            if (BalanceNow(slice) < OneRetry)
            {
                return false;
            }

            var owed = OneRetry;
            for (var s = slice - Slices + 1; s <= slice && owed > 0; s++)
            {
                var i = (int)(((s % Slices) + Slices) % Slices);
                if (sliceOf[i] == s)
                {
                    // Deposits may still be added meanwhile (never taken away but here): what is spent is there.
                    var spent = Math.Min(owed, Volatile.Read(ref deposits[i]));
                    Interlocked.Add(ref deposits[i], -spent);
                    owed -= spent;
                }
            }

            reserveUsed[Slot(slice)] += owed;
            return true;
        }
    }

    private long CurrentSlice() => Math.Max(0, clock.ElapsedTicks) / sliceTicks;

    /// <summary>The ring index of <paramref name="slice"/>, cleared first if it still holds an expired slice.</summary>
    private int Slot(long slice)
    {
        var i = (int)(slice % Slices);
        if (sliceOf[i] != slice)
        {
            // Cleared before it is published: a deposit that sees the new tenth adds to the cleared slot.
            Volatile.Write(ref deposits[i], 0);
            reserveUsed[i] = 0;
            Volatile.Write(ref sliceOf[i], slice);
        }

        return i;
    }

    private long BalanceNow(long slice)
    {
        var total = reserve;
        for (var i = 0; i < Slices; i++)
        {
            if (sliceOf[i] > slice - Slices)
            {
                total += Volatile.Read(ref deposits[i]) - reserveUsed[i];
            }
        }

        return total;
    }
}
