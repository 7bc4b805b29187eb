namespace Resilience.Functional;

/// <summary>
/// A token bucket on an injected clock: it starts full with <see cref="TokenBucketOptions.Burst"/> tokens and fills
/// at <see cref="TokenBucketOptions.TokensPerPeriod"/> per <see cref="TokenBucketOptions.Period"/>; every admission
/// takes one token. In any window of length <c>w</c> it admits at most <c>Burst + TokensPerPeriod × w / Period</c>
/// calls. Thread-safe and lock-free; share one per limited resource.
/// </summary>
/// <remarks>
/// The state is one number, the time at which the bucket would be full again (the generic cell rate algorithm),
/// counted in 1/256ths of a tick. The interval between tokens is rounded up to that grain, so rounding can only
/// ever admit less, never more. Waiting callers reserve a token ahead, in arrival order. A caller who stops waiting
/// gives its token back only while nobody has reserved after it: the token after it is already promised, and
/// handing the freed one to the next arrival would schedule that arrival on the same slot as the later waiter. So a
/// cancelled wait can only ever cost a token, never admit more. On the system clock time is read in whole
/// milliseconds (see the remarks of the internal clock), which again can only admit less.
/// </remarks>
public sealed class TokenBucket
{
    private const int Grain = 8;

    private readonly ElapsedClock clock;
    private readonly long interval;
    private readonly long capacity;
    private long fullAt;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A full bucket would take longer than about 28 years to fill.</exception>
    public TokenBucket(TokenBucketOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        interval = (long)(((Int128)options.Period.Ticks << Grain) + options.TokensPerPeriod - 1) / options.TokensPerPeriod;
        if ((Int128)interval * options.Burst > long.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options.Burst),
                options.Burst,
                $"{nameof(options.Burst)} must be at most {long.MaxValue / 4 / interval} for this {nameof(options.Period)} and {nameof(options.TokensPerPeriod)} (a full bucket must fill within about 28 years).");
        }

        capacity = interval * options.Burst;
        clock = new ElapsedClock(options.TimeProvider);
        fullAt = Now();
    }

    /// <summary>The settings.</summary>
    public TokenBucketOptions Options { get; }

    /// <summary>Whole and partial tokens available now (zero while waiting callers hold reservations).</summary>
    public double AvailableTokens
    {
        get
        {
            var now = Now();
            var level = capacity - (Math.Max(Volatile.Read(ref fullAt), now) - now);
            return Math.Max(0, level) / (double)interval;
        }
    }

    /// <summary>Takes a token if one is available now; never waits.</summary>
    /// <returns>Whether a token was taken.</returns>
    public bool TryAcquire() => TryTake();

    /// <summary>Takes a token if one is available now; never waits.</summary>
    /// <param name="retryAfter">Zero when a token was taken, otherwise how long until one will be available.</param>
    /// <returns>Whether a token was taken.</returns>
    public bool TryAcquire(out TimeSpan retryAfter) => TryReserve(TimeSpan.Zero, out retryAfter, out _);

    /// <summary>
    /// Takes a token if one is available now: <see cref="TryReserve"/> without a wait, and with nothing to say on
    /// refusal, which keeps the admission path free of the reservation it does not need.
    /// </summary>
    internal bool TryTake()
    {
        var now = Now();
        var seen = Volatile.Read(ref fullAt);
        while (true)
        {
            var next = Next(seen, now);
            if (next - now > capacity)
            {
                return false;
            }

            var prior = Interlocked.CompareExchange(ref fullAt, next, seen);
            if (prior == seen)
            {
                return true;
            }

            seen = prior;
        }
    }

    /// <summary>
    /// Takes a token now, or reserves the next one if it comes within <paramref name="maxWait"/>; otherwise takes
    /// nothing. <paramref name="wait"/> is how long the caller must wait for its token (zero if it has one now), or
    /// on refusal how long until a token would be available; <paramref name="reservation"/> is what
    /// <see cref="Refund"/> needs to give a reserved token back.
    /// </summary>
    internal bool TryReserve(TimeSpan maxWait, out TimeSpan wait, out TokenReservation reservation)
    {
        var now = Now();
        var seen = Volatile.Read(ref fullAt);
        while (true)
        {
            var next = Next(seen, now);
            var excess = next - now - capacity;
            long update;
            if (excess <= 0)
            {
                wait = TimeSpan.Zero;
                update = next;
            }
            else
            {
                var ticks = (excess + (1L << Grain) - 1) >> Grain;
                wait = TimeSpan.FromTicks(ticks);
                if (wait > maxWait)
                {
                    reservation = default;
                    return false;
                }

                // The caller gets its token at a whole tick, up to a tick after it accrues; the fraction in between
                // is dropped so that the next token is counted from the moment this caller is admitted.
                update = now + (ticks << Grain) + capacity;
            }

            var prior = Interlocked.CompareExchange(ref fullAt, update, seen);
            if (prior == seen)
            {
                reservation = new TokenReservation(seen, update);
                return true;
            }

            seen = prior;
        }
    }

    /// <summary>
    /// Gives back a reserved token whose caller stopped waiting, if no token has been taken or reserved since (the
    /// state is then exactly what the reservation left); otherwise the token stays spent.
    /// </summary>
    /// <remarks>
    /// The state only grows, except here, and here it goes back to the value it had before the latest live
    /// reservation; so it equals <see cref="TokenReservation.After"/> exactly while that reservation is the latest.
    /// </remarks>
    internal void Refund(TokenReservation reservation) =>
        Interlocked.CompareExchange(ref fullAt, reservation.Before, reservation.After);

    // The state once one more token is taken at now: a full bucket counts from now, not from when it filled.
    private long Next(long seen, long now) => Math.Max(seen, now) + interval;

    private long Now() => clock.ElapsedTicks << Grain;
}
