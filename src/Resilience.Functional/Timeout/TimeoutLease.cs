namespace Resilience.Functional;

/// <summary>
/// A reusable token source that cancels at a deadline on a <see cref="TimeProvider"/> or when the caller cancels.
/// </summary>
/// <remarks>
/// Creating a token source with a deadline per call allocates, so a lease keeps one timer for life and never
/// stops it: re-arming a timer on every call costs more than letting a pending tick land. When the timer fires it
/// compares the clock with the current deadline, so a tick left over from an earlier call only moves the timer to
/// the current deadline, and a timer that finds nothing armed goes quiet until the next <see cref="Arm"/>. A tick can
/// also be pre-empted after it read the lease: the call ends, the lease is rented again and armed, and the tick acts
/// on the new call. So the state carries the generation of the arming, and a tick cancels only the generation it read.
/// The deadline is checked on the provider's high-resolution timestamp, not on the cheaper millisecond tick count the
/// breaker and the bucket read: that count moves in steps of up to a scheduler tick (4 ms measured here, about 16 ms on
/// Windows), so an arming just before a step and a tick just after it would see a whole step that never elapsed, and a
/// 2 ms timeout could fire after 0.1 ms. A tick that comes before the deadline (a left-over one, or a timer that fires
/// early) only moves the timer on, so no call times out before its timeout has elapsed. See docs/timeout.md.
/// </remarks>
internal sealed class TimeoutLease
{
    /// <summary>Not armed; free to rent.</summary>
    public const int Idle = 0;

    /// <summary>Armed and not cancelled.</summary>
    public const int Armed = 1;

    /// <summary>The deadline passed and the token was cancelled.</summary>
    public const int TimedOut = 2;

    /// <summary>The caller cancelled and the token was cancelled.</summary>
    public const int CallerCancelled = 3;

    // The low bits of the state are one of the constants above; the others count the armings (wrapping).
    private const int PhaseBits = 2;
    private const int PhaseMask = (1 << PhaseBits) - 1;

    private readonly TimeProvider time;
    private readonly TimeSpan timeout;
    private readonly ITimer timer;
    private readonly CancellationTokenSource source = new();
    private CancellationTokenRegistration callerRegistration;
    private long armedAt;
    private int generation;
    private int state;
    private int timerPending;

    public TimeoutLease(TimeProvider time, TimeSpan timeout)
    {
        this.time = time;
        this.timeout = timeout;

        // The timer outlives the call that created it; it must not capture that call's ExecutionContext.
        if (ExecutionContext.IsFlowSuppressed())
        {
            timer = time.CreateTimer(static s => ((TimeoutLease)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                timer = time.CreateTimer(static s => ((TimeoutLease)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// A test seam: runs on the timer's thread after a tick has read the lease and before it acts, the window in which
    /// a real tick can be pre-empted while the call ends and the next one rents the lease.
    /// </summary>
    internal Action? TickObserved { get; set; }

    /// <summary>The token to hand to the operation.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Starts the deadline and links the caller's token.</summary>
    public void Arm(CancellationToken caller)
    {
        armedAt = time.GetTimestamp();
        generation = unchecked(generation + 1);
        Interlocked.Exchange(ref state, (generation << PhaseBits) | Armed);
        if (caller.CanBeCanceled)
        {
            callerRegistration = caller.UnsafeRegister(static s => ((TimeoutLease)s!).CancelByCaller(), this);
        }

        // Paired with OnTimer (state written, then pending read; pending cleared, then state read): at least one
        // of the two sees the other, so an armed lease always has a tick coming.
        if (Interlocked.CompareExchange(ref timerPending, 1, 0) == 0)
        {
            timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Unlinks the caller's token and returns how the lease ended: <see cref="Armed"/> if neither fired.</summary>
    public int End()
    {
        // Waits for a caller callback already running, so the state read below is final for it.
        callerRegistration.Dispose();
        callerRegistration = default;
        return Interlocked.Exchange(ref state, Idle) & PhaseMask;
    }

    /// <summary>
    /// Ends the lease, gives it back to <paramref name="pool"/> when it can be reused (it ended armed, its token can be
    /// reset and the pool has room), stops its timer otherwise, and returns how it ended.
    /// </summary>
    public int Release(TokenSourcePool<TimeoutLease> pool)
    {
        var ended = End();
        if (ended != Armed || !source.TryReset() || !pool.TryKeep(this))
        {
            timer.Dispose();
        }

        return ended;
    }

    private void OnTimer()
    {
        Interlocked.Exchange(ref timerPending, 0);
        var observed = Volatile.Read(ref state);
        if ((observed & PhaseMask) != Armed)
        {
            return;
        }

        var remaining = timeout - time.GetElapsedTime(armedAt);
        TickObserved?.Invoke();
        if (remaining > TimeSpan.Zero)
        {
            if (Interlocked.CompareExchange(ref timerPending, 1, 0) == 0)
            {
                timer.Change(remaining, Timeout.InfiniteTimeSpan);
            }

            return;
        }

        Cancel(observed, TimedOut);
    }

    // The caller's registration is disposed before the lease is armed again, so the generation it reads is its own.
    private void CancelByCaller() => Cancel(Volatile.Read(ref state), CallerCancelled);

    private void Cancel(int observed, int reason)
    {
        if ((observed & PhaseMask) == Armed
            && Interlocked.CompareExchange(ref state, (observed & ~PhaseMask) | reason, observed) == observed)
        {
            source.Cancel();
        }
    }
}
