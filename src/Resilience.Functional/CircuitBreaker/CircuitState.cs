namespace Resilience.Functional;

/// <summary>The state of a circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Calls run; their outcomes are counted by the trip rules.</summary>
    Closed,

    /// <summary>Calls are rejected until the break duration has passed.</summary>
    Open,

    /// <summary>A limited number of probe calls run; the rest are rejected until the probes decide.</summary>
    HalfOpen,

    /// <summary>Opened by hand: every call is rejected until a manual reset.</summary>
    Isolated,
}
