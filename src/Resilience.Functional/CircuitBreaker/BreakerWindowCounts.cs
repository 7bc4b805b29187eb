namespace Resilience.Functional.CircuitBreaking;

/// <summary>The counts of a circuit breaker's sliding window at one instant.</summary>
/// <param name="Calls">Calls in the window (successes and counted failures).</param>
/// <param name="Failures">Failures in the window.</param>
/// <param name="SlowCalls">Slow calls in the window (successful or not).</param>
public readonly record struct BreakerWindowCounts(int Calls, int Failures, int SlowCalls);
