namespace Resilience.Functional;

/// <summary>
/// A reusable token source that cancels at a deadline on a <see cref="TimeProvider"/> or when the caller cancels.
/// </summary>
/// <remarks>
/// Creating a token source with a deadline per call allocates, so a lease keeps one timer for life and never
/// stops it: re-arming a timer on every call costs more than letting a pending tick land. A tick that finds nothing
/// armed goes quiet until the next <see cref="Arm"/>. A tick can be pre-empted after it read the lease: the call ends,
/// the lease is rented again and armed, and the tick acts on the new call. So the state carries the generation of the
/// arming, and a tick cancels only the generation it read.
/// <para>
/// A synchronous call costs no interlocked operation: <see cref="Arm"/> and <see cref="End"/> write and read plain
/// fields, and the rare side (a tick that goes quiet, a tick that times a call out) pays for the ordering instead with a
/// process-wide memory barrier (<see cref="Interlocked.MemoryBarrierProcessWide"/>): a tick going quiet then sees an
/// arming that did not see it, and a timed-out call that has already ended keeps its token uncancelled.
/// </para>
/// <para>
/// The deadline is measured from a stamp that is never earlier than the arming, so no call times out before its
/// timeout has elapsed. On a virtual or custom clock the arming reads the clock itself and the timer ticks once, at the
/// deadline. On the system clock a high-resolution reading costs more than the rest of a guarded call on virtual
/// machines, and the millisecond tick count moves in steps that would let a short timeout fire early; so the arming
/// reads no clock, the timer looks every <see cref="Tick"/> while the lease is armed, and the first tick that finds an
/// arming stamps it. The timeout then fires between its timeout and one tick (an eighth of it, at least 1 ms) after,
/// plus the timer's own latency. See docs/timeout.md.
/// </para>
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
    private readonly bool stampsArming;
    private readonly ITimer timer;
    private readonly LeaseTokenSource source;
    private readonly Lock stamping = new();
    private CancellationTokenRegistration callerRegistration;
    private CancellationToken caller;
    private bool linked;
    private long stamp;
    private int stamped = -1;
    private int generation;
    private int state;
    private int timerPending;

    // The arming (generation, shifted like the state) that End last settled, and the generation the timer last saw.
    private int settled;
    private int lastLook;

    /// <summary>A lease on <paramref name="time"/>; on the system clock the arming reads no clock (see the remarks).</summary>
    public TimeoutLease(TimeProvider time, TimeSpan timeout)
        : this(time, timeout, stampsArming: !ReferenceEquals(time, TimeProvider.System))
    {
    }

    /// <summary>A lease whose arming reads the clock when <paramref name="stampsArming"/>, or is stamped by a tick.</summary>
    internal TimeoutLease(TimeProvider time, TimeSpan timeout, bool stampsArming)
    {
        this.time = time;
        this.timeout = timeout;
        this.stampsArming = stampsArming;
        source = new LeaseTokenSource(this);
        Token = source.Token;
        Tick = stampsArming ? timeout : LookInterval(timeout);
        timer = CreateTimer(time, static s => ((TimeoutLease)s!).OnTimer(), this);
    }

    /// <summary>
    /// A test seam: runs on the timer's thread after a tick has read the lease and before it acts, the window in which
    /// a real tick can be pre-empted while the call ends and the next one rents the lease.
    /// </summary>
    internal Action? TickObserved { get; set; }

    /// <summary>The pool this lease goes back to, for a thread's spares (<see cref="LeaseSpares"/>).</summary>
    internal TokenSourcePool<TimeoutLease>? Home { get; init; }

    /// <summary>How long the timer waits between looks while the lease is armed and its deadline is further away.</summary>
    internal TimeSpan Tick { get; }

    /// <summary>
    /// A stopped timer on <paramref name="time"/> that does not capture the calling ExecutionContext: a timeout's
    /// timers outlive the call that created them.
    /// </summary>
    public static ITimer CreateTimer(TimeProvider time, TimerCallback callback, object state)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return time.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return time.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// How often the system clock's timer looks while a call of <paramref name="timeout"/> runs: an eighth of it, at
    /// least a millisecond and never more than the timeout. It is also the precision of a timeout on the system clock.
    /// </summary>
    public static TimeSpan LookInterval(TimeSpan timeout) =>
        TimeSpan.FromTicks(Math.Min(timeout.Ticks, Math.Max(timeout.Ticks / 8, TimeSpan.TicksPerMillisecond)));

    /// <summary>The token to hand to the operation.</summary>
    public CancellationToken Token { get; }

    /// <summary>
    /// Starts the deadline for a call of <paramref name="caller"/>. The caller's token is linked only once the
    /// operation goes asynchronous (<see cref="Link"/>): registering on a token costs an allocation on every fresh
    /// source (HttpClient makes one per request), and a call that completes synchronously needs no link. While it runs
    /// unlinked, a tick that finds the caller cancelled cancels the token (docs/timeout.md#the-callers-cancellation).
    /// </summary>
    public void Arm(CancellationToken caller)
    {
        generation = unchecked(generation + 1);
        var armed = generation << PhaseBits;
        if (stampsArming)
        {
            // Written before the state (whose release write publishes both), read by a tick after it: a tick that sees
            // this arming's generation in the state sees this stamp or a later one.
            stamp = time.GetTimestamp();
            Volatile.Write(ref stamped, armed);
        }

        // Before the state, for the same reason: a tick that sees this arming sees its caller.
        this.caller = caller;
        Volatile.Write(ref state, armed | Armed);

        // Paired with OnTimer (state written, then pending read; pending cleared, then state read): at least one
        // of the two sees the other, so an armed lease always has a tick coming. There is no fence here between
        // the write and the read: a tick that would go quiet forces one on every thread first (GoQuiet).
        if (Volatile.Read(ref timerPending) == 0 && Interlocked.CompareExchange(ref timerPending, 1, 0) == 0)
        {
            timer.Change(Tick, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Links the caller's token, so that its cancellation cancels this lease's at once: for an operation that went
    /// asynchronous, before it is awaited. A caller already cancelled cancels the token here.
    /// </summary>
    public void Link()
    {
        if (caller.CanBeCanceled && !linked)
        {
            linked = true;
            callerRegistration = caller.UnsafeRegister(static s => ((TimeoutLease)s!).CancelByCaller(), this);
        }
    }

    /// <summary>Unlinks the caller's token and returns how the lease ended: <see cref="Armed"/> if neither fired.</summary>
    public int End()
    {
        // Waits for a caller callback already running, so the state read below is final for it.
        if (linked)
        {
            callerRegistration.Dispose();
            (callerRegistration, linked) = (default, false);
        }

        caller = default;

        // Paired with Cancel (timed out, then settled read after a process-wide barrier): either this read sees the
        // timeout, or the tick sees this arming settled and leaves the token alone, so a lease that ended armed
        // is never cancelled afterwards, when it may already serve the next call.
        Volatile.Write(ref settled, generation << PhaseBits);
        var observed = Volatile.Read(ref state);
        Volatile.Write(ref state, Idle);
        return observed & PhaseMask;
    }

    /// <summary>
    /// Ends the lease, gives it back to <paramref name="pool"/> when it can be reused (it ended armed, its token can be
    /// reset and the pool has room), stops its timer otherwise, and returns how it ended.
    /// </summary>
    public int Release(TokenSourcePool<TimeoutLease> pool) => Release(pool, onThread: false);

    /// <summary>As <see cref="Release(TokenSourcePool{TimeoutLease})"/>, keeping the lease on this thread first when
    /// <paramref name="onThread"/> (<see cref="LeaseSpares"/>).</summary>
    public int Release(TokenSourcePool<TimeoutLease> pool, bool onThread)
    {
        var ended = End();
        if (ended != Armed || !source.TryReset() || !((onThread && LeaseSpares.TryKeep(this)) || pool.TryKeep(this)))
        {
            timer.Dispose();
        }

        return ended;
    }

    /// <summary>
    /// The time left before the deadline of the current arming, or of an enclosing timeout's if that comes first;
    /// never less than is really left (an arming not yet stamped is stamped now, later than it began); null when the
    /// lease is not armed.
    /// </summary>
    public TimeSpan? Remaining()
    {
        var observed = Volatile.Read(ref state);
        if ((observed & PhaseMask) != Armed)
        {
            return null;
        }

        var own = Remaining(observed & ~PhaseMask);
        return Deadlines.Remaining(caller) is { } outer && outer < own ? outer : own;
    }

    private void OnTimer()
    {
        Interlocked.Exchange(ref timerPending, 0);
        var observed = Volatile.Read(ref state);
        if ((observed & PhaseMask) != Armed && !GoQuiet(out observed))
        {
            return;
        }

        var remaining = Remaining(observed & ~PhaseMask);
        TickObserved?.Invoke();

        // Copied once: End clears the field while a tick may run, and a token's IsCancellationRequested reads its source
        // twice (a null check, then the source), so reading the field in place could dereference a null source.
        var callerNow = caller;
        if (callerNow.IsCancellationRequested)
        {
            // An operation still running synchronously, not linked yet (Arm); a linked one was cancelled already.
            Cancel(observed, CallerCancelled, settledByEnd: true);
            return;
        }

        if (remaining > TimeSpan.Zero)
        {
            Schedule(remaining < Tick ? remaining : Tick);
            return;
        }

        Cancel(observed, TimedOut, settledByEnd: true);
    }

    // A tick that finds nothing armed: on the system clock, a lease armed again since the last look is in use and
    // keeps ticking (cheaper than the barrier below at every tick). Otherwise the timer goes quiet, once every thread
    // has been made to publish its writes: an arming this look missed then sees no tick pending and schedules one.
    // True (with the state) when an arming turns up after all.
    private bool GoQuiet(out int observed)
    {
        var seen = Volatile.Read(ref generation);
        if (!stampsArming && seen != lastLook)
        {
            lastLook = seen;
            observed = Idle;
            Schedule(Tick);
            return false;
        }

        Interlocked.MemoryBarrierProcessWide();
        observed = Volatile.Read(ref state);
        return (observed & PhaseMask) == Armed;
    }

    private void Schedule(TimeSpan due)
    {
        if (Interlocked.CompareExchange(ref timerPending, 1, 0) == 0)
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    // The time left to the deadline of the arming whose generation is `armed`, measured from its stamp. Ticks can
    // overlap (one pre-empted while the next is due), so stamping is serialized. When the stamp belongs to another
    // arming (one in progress on a stamping clock), the whole timeout is left: a later look, never an early cancel.
    private TimeSpan Remaining(int armed)
    {
        lock (stamping)
        {
            if (Volatile.Read(ref stamped) != armed)
            {
                if (stampsArming)
                {
                    return timeout;
                }

                stamp = time.GetTimestamp();
                Volatile.Write(ref stamped, armed);
                return timeout;
            }

            return timeout - time.GetElapsedTime(stamp);
        }
    }

    // The caller's registration is disposed before the lease is armed again, so the generation it reads is its own.
    private void CancelByCaller() => Cancel(Volatile.Read(ref state), CallerCancelled, settledByEnd: false);

    // A tick's cancel (settledByEnd) that the call has settled meanwhile (End: this arming or a later one, generations
    // wrapping) cancels nothing; the registered caller's needs no check, as End waits for its callback before it reads
    // the state.
    private void Cancel(int observed, int reason, bool settledByEnd)
    {
        if ((observed & PhaseMask) != Armed
            || Interlocked.CompareExchange(ref state, (observed & ~PhaseMask) | reason, observed) != observed)
        {
            return;
        }

        if (settledByEnd)
        {
            Interlocked.MemoryBarrierProcessWide();
            if ((Volatile.Read(ref settled) - (observed & ~PhaseMask)) >> PhaseBits >= 0)
            {
                return;
            }
        }

        source.Cancel();
    }
}
