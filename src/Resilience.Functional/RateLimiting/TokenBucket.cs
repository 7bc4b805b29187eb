namespace Resilience.Functional;

/// <summary>
/// A token bucket on an injected clock: it starts full with <see cref="TokenBucketOptions.Burst"/> tokens and fills
/// at <see cref="TokenBucketOptions.TokensPerPeriod"/> per <see cref="TokenBucketOptions.Period"/>; every admission
/// takes one token. In any window of length <c>w</c> it admits at most <c>Burst + TokensPerPeriod × w / Period</c>
/// calls. Thread-safe; share one per limited resource.
/// </summary>
/// <remarks>
/// Tokens are counted exactly in integer units (one token is <c>Period</c> ticks' worth of inflow), so no rounding
/// ever admits an extra call. Waiting callers reserve a token ahead, which drives the count below zero; their turns
/// follow arrival order.
/// </remarks>
public sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly long origin;
    private readonly long unitsPerToken;
    private readonly long unitsPerTick;
    private readonly long capacity;
    private long units;
    private long filledUntil;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The bucket's exact count would not fit in 64 bits.</exception>
    public TokenBucket(TokenBucketOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        var divisor = (long)System.Numerics.BigInteger.GreatestCommonDivisor(options.Period.Ticks, options.TokensPerPeriod);
        unitsPerToken = options.Period.Ticks / divisor;
        unitsPerTick = options.TokensPerPeriod / divisor;
        if ((Int128)unitsPerToken * options.Burst > long.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options.Burst),
                options.Burst,
                $"{nameof(options.Burst)} must be at most {long.MaxValue / 4 / unitsPerToken} for this {nameof(options.Period)} and {nameof(options.TokensPerPeriod)}.");
        }

        capacity = unitsPerToken * options.Burst;
        units = capacity;
        time = options.TimeProvider;
        origin = time.GetTimestamp();
    }

    /// <summary>The settings.</summary>
    public TokenBucketOptions Options { get; }

    /// <summary>Whole and partial tokens available now (zero while waiting callers hold reservations).</summary>
    public double AvailableTokens
    {
        get
        {
            var now = Now();
            lock (gate)
            {
                Fill(now);
                return Math.Max(0, units) / (double)unitsPerToken;
            }
        }
    }

    /// <summary>Takes a token if one is available now; never waits.</summary>
    /// <returns>Whether a token was taken.</returns>
    public bool TryAcquire() => TryAcquire(out _);

    /// <summary>Takes a token if one is available now; never waits.</summary>
    /// <param name="retryAfter">Zero when a token was taken, otherwise how long until one will be available.</param>
    /// <returns>Whether a token was taken.</returns>
    public bool TryAcquire(out TimeSpan retryAfter) => TryReserve(TimeSpan.Zero, out retryAfter);

    /// <summary>
    /// Takes a token now, or reserves the next one if it comes within <paramref name="maxWait"/>; otherwise takes
    /// nothing. <paramref name="wait"/> is how long the caller must wait for its token (zero if it has one now), or
    /// on refusal how long until a token would be available.
    /// </summary>
    internal bool TryReserve(TimeSpan maxWait, out TimeSpan wait)
    {
        var now = Now();
        lock (gate)
        {
            Fill(now);
            if (units >= unitsPerToken)
            {
                units -= unitsPerToken;
                wait = TimeSpan.Zero;
                return true;
            }

            var deficit = (Int128)unitsPerToken - units;
            var ticks = (deficit + unitsPerTick - 1) / unitsPerTick;
            wait = ticks > TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
            if (wait > maxWait || units < long.MinValue / 4)
            {
                return false;
            }

            // The caller gets its token at a whole tick, up to a tick after it accrues; the fraction in between is
            // dropped so that the next token is counted from the moment this caller is admitted.
            units = -(long)(ticks * unitsPerTick);
            return true;
        }
    }

    /// <summary>Gives back a reserved token whose caller stopped waiting.</summary>
    internal void Refund()
    {
        var now = Now();
        lock (gate)
        {
            Fill(now);
            units = Math.Min(capacity, units + unitsPerToken);
        }
    }

    private long Now() => time.GetElapsedTime(origin).Ticks;

    private void Fill(long now)
    {
        var elapsed = now - filledUntil;
        if (elapsed <= 0)
        {
            return;
        }

        filledUntil = now;
        var missing = capacity - units;
        units = missing <= 0 ? units
            : elapsed >= (missing / unitsPerTick) + 1 ? capacity
            : Math.Min(capacity, units + (elapsed * unitsPerTick));
    }
}
