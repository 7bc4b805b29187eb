namespace Resilience.Functional.CircuitBreaking;

/// <summary>The decision of the transition function on one event.</summary>
/// <param name="Verdict">Admitted, rejected, or none for a non-request event.</param>
/// <param name="Ticket">For an admission, the ticket its outcome must be reported with.</param>
/// <param name="IsProbe">For an admission, whether the call is a half-open probe.</param>
/// <param name="RetryAfter">For a rejection, the time until the next probe may be admitted
/// (<see cref="TimeSpan.MaxValue"/> while isolated).</param>
public readonly record struct BreakerDecision(BreakerVerdict Verdict, long Ticket, bool IsProbe, TimeSpan RetryAfter)
{
    /// <summary>No decision: the event was not a request.</summary>
    public static BreakerDecision None => default;

    /// <summary>An admission.</summary>
    /// <param name="ticket">The ticket to report the outcome with.</param>
    /// <param name="probe">Whether the call is a probe.</param>
    public static BreakerDecision Admit(long ticket, bool probe) => new(BreakerVerdict.Admitted, ticket, probe, TimeSpan.Zero);

    /// <summary>A rejection.</summary>
    /// <param name="retryAfter">The time until the next probe.</param>
    public static BreakerDecision Reject(TimeSpan retryAfter) => new(BreakerVerdict.Rejected, 0, false, retryAfter);
}
