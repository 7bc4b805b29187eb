using System.Runtime.CompilerServices;
using LanguageExt.Common;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// A thread-safe circuit breaker, created once and shared by every operation it guards
/// (<see cref="CircuitBreakerExtensions.WithCircuitBreaker{T}"/>). It holds an immutable
/// <see cref="BreakerMachineState"/> and moves it with <see cref="CircuitBreakerMachine.Step"/>: the pure function is
/// the only place the semantics live. With only the consecutive-failure rule the shell is lock-free (compare and
/// swap); with a ratio rule it steps under a lock and lets the function record into the breaker's own sliding window
/// in place, so a recorded success allocates nothing (<see cref="Snapshot"/> then hands out a copy of the window). A
/// success while closed, the hot path, takes no lock: the window counts from many threads at once, and the lock is
/// taken only when the success trips a ratio rule (docs/circuit-breaker.md#under-concurrency).
/// On <see cref="TimeProvider.System"/> the breaker reads a cheap monotonic millisecond clock rather than the wall
/// clock, whose reads are costly on some virtual machines.
/// </summary>
public sealed partial class CircuitBreaker
{
    private static readonly CircuitOpenError ProbesBusy = new(TimeSpan.Zero);
    private static readonly CircuitOpenError IsolatedError = new(TimeSpan.MaxValue);
    private readonly TimeProvider time;
    private readonly ElapsedClock clock;
    private readonly Lock? gate;
    private BreakerMachineState state;

    /// <summary>Creates a closed breaker.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CircuitBreaker(CircuitBreakerOptions options)
    {
        state = BreakerMachineState.Initial(options);
        time = options.TimeProvider;
        clock = new ElapsedClock(time);
        MeasuresDuration = options.SlowCallRatio.HasValue;
        gate = options.UsesWindow ? new Lock() : null;
    }

    /// <summary>Raised after each transition and each rejection; nothing is built when nobody listens. Handlers run
    /// on the calling thread (a probe's timeout or its caller's cancellation: the timer's or the cancelling thread),
    /// after the decision they report; what a handler throws is swallowed and the other handlers still run.</summary>
    public event EventHandler<CircuitBreakerEvent>? Changed;

    /// <summary>The settings: those it was created with, or the last ones <see cref="UpdateThresholds"/> accepted.</summary>
    public CircuitBreakerOptions Options => Volatile.Read(ref state).Options;

    /// <summary>The current state, counting a finished break as half-open.</summary>
    public CircuitState State => Current.CircuitAt(clock.UtcNow);

    /// <summary>The current immutable state (for inspection or to step further with <see cref="CircuitBreakerMachine"/>).</summary>
    public BreakerMachineState Snapshot
    {
        get
        {
            if (gate is null)
            {
                return Volatile.Read(ref state);
            }

            lock (gate)
            {
                return state.Window is null ? state : state with { Window = state.Window.Copy() };
            }
        }
    }

    /// <summary>The counts of the sliding window now (all zero when no ratio rule is on).</summary>
    public BreakerWindowCounts WindowCounts
    {
        get
        {
            if (gate is null)
            {
                return default;
            }

            return Volatile.Read(ref state).WindowCounts(clock.UtcNow);
        }
    }

    /// <summary>While open, the time until the next probe is admitted; <see cref="TimeSpan.MaxValue"/> while isolated;
    /// otherwise zero.</summary>
    public TimeSpan TimeUntilHalfOpen
    {
        get
        {
            var current = Current;
            var now = clock.UtcNow;
            return current.Circuit switch
            {
                CircuitState.Isolated => TimeSpan.MaxValue,
                CircuitState.Open when current.OpenUntil > now => current.OpenUntil - now,
                _ => TimeSpan.Zero,
            };
        }
    }

    internal bool MeasuresDuration { get; }

    internal TimeProvider Time => time;

    /// <summary>The current state without copying its window: read only what the lock does not guard (everything
    /// but the window's counts).</summary>
    internal BreakerMachineState Current => Volatile.Read(ref state);

    /// <summary>Opens the circuit by hand; it rejects every call until <see cref="Reset"/>.</summary>
    public void Isolate() => Apply(BreakerInput.Isolate);

    /// <summary>Closes the circuit by hand and forgets every count.</summary>
    public void Reset() => Apply(BreakerInput.Reset);

    /// <summary>
    /// Opens a closed circuit as its own rule would (for the break duration, then half-open probes), for an outside
    /// rule such as a cluster's aggregate (<see cref="ClusterBreakerLink"/>); does nothing unless the circuit is closed.
    /// </summary>
    public void Trip() => Apply(BreakerInput.Trip);

    /// <summary>
    /// Feeds one event to the breaker and returns the decision. For code not written as an operation: apply
    /// <see cref="BreakerInput.Requested"/>, run the call only if admitted, then apply its outcome with the ticket.
    /// </summary>
    /// <param name="event">The event.</param>
    public BreakerDecision Apply(BreakerInput @event)
    {
        if (gate is not null)
        {
            return ApplyLocked(@event, gate);
        }

        var current = Volatile.Read(ref state);
        var now = current.ReadsClock(@event.Signal) ? clock.UtcNow : default;
        var step = CircuitBreakerMachine.Step(current, @event, now);
        if (ReferenceEquals(step.State, current) && Changed is null)
        {
            return step.Decision;
        }

        return Commit(@event, current, step, now);
    }

    private BreakerDecision Commit(BreakerInput @event, BreakerMachineState current, BreakerStep step, DateTimeOffset now)
    {
        while (true)
        {
            if (ReferenceEquals(step.State, current) || ReferenceEquals(Interlocked.CompareExchange(ref state, step.State, current), current))
            {
                if (Changed is not null || TelemetryRecorder.Transitions)
                {
                    Notify(current, step, now);
                }

                return step.Decision;
            }

            current = Volatile.Read(ref state);
            now = current.ReadsClock(@event.Signal) ? clock.UtcNow : default;
            step = CircuitBreakerMachine.Step(current, @event, now);
        }
    }

    /// <summary>Reports an admitted call's success: <see cref="Apply"/> with <see cref="BreakerInputKind.Succeeded"/>.</summary>
    internal void Succeeded(long ticket, bool slow)
    {
        var current = Volatile.Read(ref state);
        if (gate is not null && RecordsWithoutLock(current, ticket))
        {
            RecordSuccess(current, current.Window!, slow, gate);
            return;
        }

        Apply(BreakerInput.Outcome(BreakerInputKind.Succeeded, ticket, slow));
    }

    private BreakerDecision ApplyLocked(BreakerInput @event, Lock owner)
    {
        // An event the function decides without the clock and without a change (a request while closed) needs no
        // lock: it reads nothing the lock guards.
        var current = Volatile.Read(ref state);
        if (@event.Signal == BreakerInputKind.Succeeded && RecordsWithoutLock(current, @event.Ticket))
        {
            return RecordSuccess(current, current.Window!, @event.Slow, owner);
        }

        if (!current.ReadsClock(@event.Signal))
        {
            var quick = CircuitBreakerMachine.Step(current, @event, default);
            if (ReferenceEquals(quick.State, current))
            {
                // No transition here, so only the Changed event's rejections can be reported.
                if (Changed is not null)
                {
                    Notify(current, quick, default);
                }

                return quick.Decision;
            }
        }

        BreakerStep step;
        DateTimeOffset now;
        lock (owner)
        {
            current = state;
            now = clock.UtcNow;
            step = CircuitBreakerMachine.Transition(current, @event, now, ownsWindow: true);
            if (!ReferenceEquals(step.State, current))
            {
                Volatile.Write(ref state, step.State);
            }
        }

        if (Changed is not null || TelemetryRecorder.Transitions)
        {
            Notify(current, step, now);
        }

        return step.Decision;
    }

    // A success of the current generation while closed with no failure in a row changes only the window.
    private static bool RecordsWithoutLock(BreakerMachineState current, long ticket) =>
        current.Circuit == CircuitState.Closed && current.ConsecutiveFailures == 0 && ticket == current.Generation && current.Window is not null;

    // The closed path's success, without the lock: the function would record it into the window in place and change
    // nothing else unless a ratio rule trips, so the shell records it into the window (safe from many threads) and
    // takes the lock only to trip. A window with no failure and no slow call cannot trip, so its counts are not read.
    // Under concurrency the counts a decision reads may miss an outcome being recorded at that moment
    // (docs/circuit-breaker.md#under-concurrency).
    private BreakerDecision RecordSuccess(BreakerMachineState current, OutcomeWindow window, bool slow, Lock owner)
    {
        var ticks = window.ReadsClock ? clock.UtcTicks : 0;
        window.AddAt(failure: false, slow, ticks);
        return window.Clean ? BreakerDecision.None : TripIfRatioExceeded(current, window, ticks, owner);
    }

    // Out of line: the success path that inlines RecordSuccess keeps a small frame (docs/architecture.md#hot-paths).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private BreakerDecision TripIfRatioExceeded(BreakerMachineState current, OutcomeWindow window, long ticks, Lock owner)
    {
        if (!CircuitBreakerMachine.RatioTrips(current.Options, window.CountsAt(ticks)))
        {
            return BreakerDecision.None;
        }

        var now = clock.UtcNow;

        BreakerMachineState before, after;
        lock (owner)
        {
            // Trips only the state whose window holds the success; a transition meanwhile made it stale.
            before = state;
            if (before.Circuit != CircuitState.Closed || !ReferenceEquals(before.Window, window) || !CircuitBreakerMachine.RatioTrips(before.Options, window.Counts(now)))
            {
                return BreakerDecision.None;
            }

            after = CircuitBreakerMachine.Open(before, now);
            Volatile.Write(ref state, after);
        }

        if (Changed is not null || TelemetryRecorder.Transitions)
        {
            Notify(before, new(after, BreakerDecision.None), now);
        }

        return BreakerDecision.None;
    }

    internal static CircuitOpenError Rejection(TimeSpan retryAfter) =>
        retryAfter == TimeSpan.Zero ? ProbesBusy : retryAfter == TimeSpan.MaxValue ? IsolatedError : new CircuitOpenError(retryAfter);

    internal BreakerInputKind Classify(Error error) =>
        error.IsCancellation() ? BreakerInputKind.Cancelled
        : Options.Classifier.IsTransient(error) ? BreakerInputKind.Failed
        : BreakerInputKind.Ignored;

    private void Notify(BreakerMachineState before, BreakerStep step, DateTimeOffset now)
    {
        var after = step.State;
        if (now == default)
        {
            now = clock.UtcNow;
        }

        if (after.Circuit != before.Circuit)
        {
            var untilProbe = after.Circuit switch
            {
                CircuitState.Open => after.OpenUntil - now,
                CircuitState.Isolated => TimeSpan.MaxValue,
                _ => TimeSpan.Zero,
            };
            TelemetryRecorder.Transition(Options.Name, before.Circuit, after.Circuit);
            Raise(new(CircuitBreakerEventKind.Transitioned, before.Circuit, after.Circuit, now, untilProbe));
        }

        if (step.Decision.Verdict == BreakerVerdict.Rejected)
        {
            Raise(new(CircuitBreakerEventKind.Rejected, after.Circuit, after.Circuit, now, step.Decision.RetryAfter));
        }
    }

    private void Raise(CircuitBreakerEvent notification) => Kernel.Notify(Changed, this, notification);
}
