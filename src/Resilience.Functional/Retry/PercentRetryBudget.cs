namespace Resilience.Functional;

/// <summary>
/// Finagle's retry budget: every call deposits <see cref="PercentRetryBudgetOptions.RetryRatio"/> of a retry, every
/// retry withdraws one, deposits and withdrawals expire after <see cref="PercentRetryBudgetOptions.Ttl"/>, and a
/// reserve of <c>MinRetriesPerSecond · Ttl</c> retries is always there for low traffic. Thread-safe, on the
/// injected clock.
/// </summary>
public sealed class PercentRetryBudget : RetryBudget
{
    private const int Slices = 10;
    private const long OneRetry = 1_000_000;
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly long start;
    private readonly long sliceTicks;
    private readonly long deposit;
    private readonly long reserve;
    private readonly long[] sums = new long[Slices];
    private readonly long[] sliceOf = new long[Slices];

    /// <summary>An empty budget (only the reserve is available).</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public PercentRetryBudget(PercentRetryBudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        clock = options.TimeProvider;
        start = clock.GetTimestamp();
        sliceTicks = options.Ttl.Ticks / Slices;
        deposit = (long)Math.Round(options.RetryRatio * OneRetry);
        reserve = (long)Math.Round(options.MinRetriesPerSecond * options.Ttl.TotalSeconds * OneRetry);
        Array.Fill(sliceOf, long.MinValue);
    }

    /// <summary>The settings.</summary>
    public PercentRetryBudgetOptions Options { get; }

    /// <summary>Retries the reserve alone allows within one <see cref="PercentRetryBudgetOptions.Ttl"/>.</summary>
    public double Reserve => (double)reserve / OneRetry;

    /// <summary>Retries that could be paid for now (may be fractional).</summary>
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
        lock (gate)
        {
            Add(CurrentSlice(), deposit);
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

            Add(slice, -OneRetry);
            return true;
        }
    }

    private long CurrentSlice() => Math.Max(0, clock.GetElapsedTime(start).Ticks) / sliceTicks;

    private void Add(long slice, long amount)
    {
        var i = (int)(slice % Slices);
        if (sliceOf[i] != slice)
        {
            (sliceOf[i], sums[i]) = (slice, 0);
        }

        sums[i] += amount;
    }

    private long BalanceNow(long slice)
    {
        var total = reserve;
        for (var i = 0; i < Slices; i++)
        {
            if (sliceOf[i] > slice - Slices)
            {
                total += sums[i];
            }
        }

        return total;
    }
}
