namespace Resilience.Functional;

/// <summary>A notification from a <see cref="CircuitBreaker"/>: a transition or a rejection.</summary>
/// <param name="Kind">Transition or rejection.</param>
/// <param name="From">The state before the event.</param>
/// <param name="To">The state after it (equal to <paramref name="From"/> for a rejection).</param>
/// <param name="At">When it happened, on the breaker's clock.</param>
/// <param name="TimeUntilProbe">For a rejection or an opening, the time until the next probe.</param>
public sealed record CircuitBreakerEvent(CircuitBreakerEventKind Kind, CircuitState From, CircuitState To, DateTimeOffset At, TimeSpan TimeUntilProbe);
