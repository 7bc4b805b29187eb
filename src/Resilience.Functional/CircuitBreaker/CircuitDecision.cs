namespace Resilience.Functional;

/// <summary>What the transition function says about the event it was given.</summary>
public enum CircuitVerdict
{
    /// <summary>The event was not a request; nothing to admit or reject.</summary>
    None,

    /// <summary>The request may run.</summary>
    Admitted,

    /// <summary>The request must not run.</summary>
    Rejected,
}

/// <summary>The decision of the transition function on one event.</summary>
/// <param name="Verdict">Admitted, rejected, or none for a non-request event.</param>
/// <param name="Ticket">For an admission, the ticket its outcome must be reported with.</param>
/// <param name="IsProbe">For an admission, whether the call is a half-open probe.</param>
/// <param name="RetryAfter">For a rejection, the time until the next probe may be admitted
/// (<see cref="TimeSpan.MaxValue"/> while isolated).</param>
public readonly record struct CircuitDecision(CircuitVerdict Verdict, long Ticket, bool IsProbe, TimeSpan RetryAfter)
{
    /// <summary>No decision: the event was not a request.</summary>
    public static CircuitDecision None => default;

    /// <summary>An admission.</summary>
    /// <param name="ticket">The ticket to report the outcome with.</param>
    /// <param name="probe">Whether the call is a probe.</param>
    public static CircuitDecision Admit(long ticket, bool probe) => new(CircuitVerdict.Admitted, ticket, probe, TimeSpan.Zero);

    /// <summary>A rejection.</summary>
    /// <param name="retryAfter">The time until the next probe.</param>
    public static CircuitDecision Reject(TimeSpan retryAfter) => new(CircuitVerdict.Rejected, 0, false, retryAfter);
}

/// <summary>The result of one step of the transition function: the next state and the decision.</summary>
/// <param name="State">The state after the event.</param>
/// <param name="Decision">The decision on the event.</param>
public readonly record struct CircuitStep(CircuitBreakerState State, CircuitDecision Decision);
