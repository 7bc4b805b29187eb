using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>
/// A sliding window of call outcomes. <see cref="CircuitBreakerMachine"/> records functionally (<see cref="Record"/>: a
/// copy with the outcome added) or, for a breaker that owns the window under its lock, in place (<see cref="Add"/>);
/// both go through <see cref="Add"/>, so there is one piece of counting code. <see cref="Add"/> and
/// <see cref="Counts"/> are safe from many threads at once: the breaker's closed path records a success without its
/// lock (docs/circuit-breaker.md#under-concurrency).
/// </summary>
internal abstract class OutcomeWindow
{
    public OutcomeWindow Record(bool failure, bool slow, DateTimeOffset now) => Copy().Add(failure, slow, now);

    /// <summary>Adds the outcome to this window (mutating it) and returns it.</summary>
    public OutcomeWindow Add(bool failure, bool slow, DateTimeOffset now)
    {
        AddAt(failure, slow, now.UtcTicks);
        return this;
    }

    /// <summary>Adds the outcome at the instant <paramref name="utcTicks"/> (ignored by a count-based window).</summary>
    public abstract void AddAt(bool failure, bool slow, long utcTicks);

    public abstract OutcomeWindow Copy();

    /// <summary>Whether the window holds no failure and no slow call (as of the adds this thread has seen), so that
    /// no ratio rule can trip on it.</summary>
    public abstract bool Clean { get; }

    /// <summary>Whether <see cref="Add"/> and <see cref="Counts"/> read their instant (a time-based window).</summary>
    public abstract bool ReadsClock { get; }

    public BreakerWindowCounts Counts(DateTimeOffset now) => CountsAt(now.UtcTicks);

    /// <summary>The counts at the instant <paramref name="utcTicks"/> (ignored by a count-based window).</summary>
    public abstract BreakerWindowCounts CountsAt(long utcTicks);
}
