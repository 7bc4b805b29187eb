using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// A sliding window of call outcomes. <see cref="CircuitBreakerMachine"/> records functionally (<see cref="Record"/>: a
/// copy with the outcome added) or, for a breaker that owns the window under its lock, in place (<see cref="Add"/>);
/// both go through <see cref="Add"/>, so there is one piece of counting code.
/// </summary>
internal abstract class OutcomeWindow
{
    public OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now) => Copy().Add(failure, slow, now);

    /// <summary>Adds the outcome to this window (mutating it) and returns it.</summary>
    public abstract OutcomeWindow Add(bool failure, bool slow, DateTimeOffset now);

    public abstract OutcomeWindow Copy();

    public abstract BreakerWindowCounts Counts(DateTimeOffset now);
}
