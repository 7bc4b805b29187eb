namespace Resilience.Functional.CircuitBreaking;

/// <summary>The result of one step of the transition function: the next state and the decision.</summary>
/// <param name="State">The state after the event.</param>
/// <param name="Decision">The decision on the event.</param>
public readonly record struct BreakerStep(BreakerMachineState State, BreakerDecision Decision);
