namespace Resilience.Functional.CircuitBreaking;

/// <summary>An input of the circuit breaker's transition function.</summary>
/// <param name="Signal">What happened.</param>
/// <param name="Ticket">For an outcome, the <see cref="BreakerDecision.Ticket"/> its call was admitted with; outcomes of
/// calls admitted before the last transition are stale and change nothing.</param>
/// <param name="Slow">For an outcome, whether the call took at least the slow-call duration.</param>
public readonly record struct BreakerInput(BreakerInputKind Signal, long Ticket = 0, bool Slow = false)
{
    /// <summary>A caller asks to run a call.</summary>
    public static BreakerInput Requested => new(BreakerInputKind.Requested);

    /// <summary>A manual isolation.</summary>
    public static BreakerInput Isolate => new(BreakerInputKind.Isolate);

    /// <summary>A manual reset.</summary>
    public static BreakerInput Reset => new(BreakerInputKind.Reset);

    /// <summary>An outside rule opening a closed circuit (see <see cref="BreakerInputKind.Trip"/>).</summary>
    public static BreakerInput Trip => new(BreakerInputKind.Trip);

    /// <summary>The outcome of a call admitted with <paramref name="ticket"/>.</summary>
    /// <param name="signal">One of the outcome signals (succeeded, failed, ignored, cancelled, probe timed out).</param>
    /// <param name="ticket">The admission's ticket.</param>
    /// <param name="slow">Whether the call was slow.</param>
    public static BreakerInput Outcome(BreakerInputKind signal, long ticket, bool slow = false) => new(signal, ticket, slow);
}
