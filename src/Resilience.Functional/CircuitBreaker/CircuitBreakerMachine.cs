using System.Runtime.CompilerServices;

namespace Resilience.Functional.CircuitBreaking;

/// <summary>
/// The circuit breaker's semantics as one pure function, <c>(state, event, now) → (state', decision)</c>. It knows
/// nothing of threads or tasks; <see cref="CircuitBreaker"/> is a thread-safe shell around it, and tests or a
/// simulator can step it directly.
/// </summary>
public static class CircuitBreakerMachine
{
    private static readonly TimeSpan Forever = TimeSpan.MaxValue;

    /// <summary>One step: the state after <paramref name="event"/> at <paramref name="now"/>, and the decision on it.</summary>
    /// <param name="state">The current state.</param>
    /// <param name="event">What happened.</param>
    /// <param name="now">The instant it happened.</param>
    /// <returns>The next state (the same instance when nothing changed) and the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BreakerStep Step(BreakerMachineState state, BreakerInput @event, DateTimeOffset now) =>
        Transition(state, @event, now, ownsWindow: false);

    /// <summary>
    /// The one implementation of <see cref="Step(BreakerMachineState, BreakerInput, DateTimeOffset)"/>. With
    /// <paramref name="ownsWindow"/>, an outcome recorded into the sliding window is added to <paramref name="state"/>'s own window instead of a copy, so that a closed-state
    /// outcome which trips nothing returns the same state instance and allocates nothing. Only for a caller that owns
    /// the window exclusively (the breaker, under its lock) and replaces <paramref name="state"/> by the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static BreakerStep Transition(BreakerMachineState state, BreakerInput @event, DateTimeOffset now, bool ownsWindow)
    {
        ArgumentNullException.ThrowIfNull(state);

        // The closed state first and inlined: the breaker's hot path (a call admitted and succeeding) lives there.
        if (state.Circuit == CircuitState.Closed && @event.Signal is not (BreakerInputKind.Isolate or BreakerInputKind.Reset or BreakerInputKind.Trip))
        {
            return Closed(state, @event, now, ownsWindow);
        }

        return NotClosed(state, @event, now, ownsWindow);
    }

    /// <summary>
    /// Whether <paramref name="state"/> is quiet: closed, with no failure to forget and no window to record into. In a
    /// quiet state, at any instant, <see cref="Step"/> admits a request with ticket <see cref="BreakerMachineState.Generation"/>
    /// as a non-probe and leaves the state unchanged, and a success (not slow) changes nothing; a shell may take that
    /// shortcut without calling <see cref="Step"/> (the model tests check the claim against it).
    /// </summary>
    /// <param name="state">The state.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsQuiet(BreakerMachineState state) =>
        state.Circuit == CircuitState.Closed && state.ConsecutiveFailures == 0 && state.Window is null;

    /// <summary>
    /// Whether <see cref="Step"/> admits a request in <paramref name="state"/>, at any instant, as a non-probe with
    /// ticket <see cref="BreakerMachineState.Generation"/> and leaves the state unchanged: true of every closed state
    /// (the model tests check it). A shell may then admit without stepping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool AdmitsUnchanged(BreakerMachineState state) => state.Circuit == CircuitState.Closed;

    private static BreakerStep NotClosed(BreakerMachineState state, BreakerInput @event, DateTimeOffset now, bool ownsWindow)
    {
        switch (@event.Signal)
        {
            case BreakerInputKind.Isolate:
                return new(state.Circuit == CircuitState.Isolated ? state : state.Enter(CircuitState.Isolated), BreakerDecision.None);
            case BreakerInputKind.Reset:
                return new(state.Enter(CircuitState.Closed) with { Openings = 0 }, BreakerDecision.None);
            case BreakerInputKind.Trip:
                return new(state.Circuit == CircuitState.Closed ? Open(state, now) : state, BreakerDecision.None);
        }

        var current = state.Circuit == CircuitState.Open && now >= state.OpenUntil ? state.Enter(CircuitState.HalfOpen) : state;
        return current.Circuit switch
        {
            CircuitState.Closed => Closed(current, @event, now, ownsWindow),
            CircuitState.HalfOpen => HalfOpen(current, @event, now),
            CircuitState.Open => new(current, @event.Signal == BreakerInputKind.Requested ? BreakerDecision.Reject(current.OpenUntil - now) : BreakerDecision.None),
            _ => new(current, @event.Signal == BreakerInputKind.Requested ? BreakerDecision.Reject(Forever) : BreakerDecision.None),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static BreakerStep Closed(BreakerMachineState state, BreakerInput e, DateTimeOffset now, bool ownsWindow)
    {
        if (e.Signal == BreakerInputKind.Requested)
        {
            return new(state, BreakerDecision.Admit(state.Generation, probe: false));
        }

        if (e.Ticket != state.Generation || e.Signal is not (BreakerInputKind.Succeeded or BreakerInputKind.Failed))
        {
            return new(state, BreakerDecision.None);
        }

        return e.Signal == BreakerInputKind.Succeeded && state.ConsecutiveFailures == 0 && state.Window is null
            ? new(state, BreakerDecision.None)
            : Record(state, e, now, ownsWindow);
    }

    private static BreakerStep Record(BreakerMachineState state, BreakerInput e, DateTimeOffset now, bool ownsWindow)
    {
        var failed = e.Signal == BreakerInputKind.Failed;
        var consecutive = failed ? state.ConsecutiveFailures + 1 : 0;
        var window = ownsWindow ? state.Window?.Add(failed, e.Slow, now) : state.Window?.Record(failed, e.Slow, now);
        var options = state.Options;
        if (consecutive >= options.ConsecutiveFailures || (window is not null && RatioTrips(options, window.Counts(now))))
        {
            return new(Open(state, now), BreakerDecision.None);
        }

        return consecutive == state.ConsecutiveFailures && ReferenceEquals(window, state.Window)
            ? new(state, BreakerDecision.None)
            : new(state with { ConsecutiveFailures = consecutive, Window = window }, BreakerDecision.None);
    }

    private static BreakerStep HalfOpen(BreakerMachineState state, BreakerInput e, DateTimeOffset now)
    {
        var options = state.Options;
        if (e.Signal == BreakerInputKind.Requested)
        {
            return state.ProbesAdmitted < options.HalfOpenProbes
                ? new(state with { ProbesAdmitted = state.ProbesAdmitted + 1 }, BreakerDecision.Admit(state.Generation, probe: true))
                : new(state, BreakerDecision.Reject(TimeSpan.Zero));
        }

        if (e.Ticket != state.Generation)
        {
            return new(state, BreakerDecision.None);
        }

        var next = e.Signal switch
        {
            BreakerInputKind.Succeeded when e.Slow && options.SlowCallRatio.HasValue => Open(state, now),
            BreakerInputKind.Succeeded when state.ProbeSuccesses + 1 >= options.HalfOpenProbes => state.Enter(CircuitState.Closed) with { Openings = 0 },
            BreakerInputKind.Succeeded => state with { ProbeSuccesses = state.ProbeSuccesses + 1 },
            BreakerInputKind.Failed or BreakerInputKind.ProbeTimedOut => Open(state, now),
            _ => state with { ProbesAdmitted = state.ProbesAdmitted - 1 },
        };
        return new(next, BreakerDecision.None);
    }

    internal static bool RatioTrips(CircuitBreakerOptions options, BreakerWindowCounts counts) =>
        counts.Calls >= options.MinimumThroughput
        && ((options.FailureRatio is { } failureRatio && (double)counts.Failures / counts.Calls >= failureRatio)
            || (options.SlowCallRatio is { } slowRatio && (double)counts.SlowCalls / counts.Calls >= slowRatio));

    internal static BreakerMachineState Open(BreakerMachineState state, DateTimeOffset now)
    {
        var openings = state.Openings + 1;
        var duration = state.Options.BreakDuration.For(openings);
        var until = duration >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + duration;
        return state.Enter(CircuitState.Open) with { Openings = openings, OpenUntil = until };
    }
}
