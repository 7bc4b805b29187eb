namespace Resilience.Functional.CircuitBreaking;

/// <summary>What the transition function says about the event it was given.</summary>
public enum BreakerVerdict
{
    /// <summary>The event was not a request; nothing to admit or reject.</summary>
    None,

    /// <summary>The request may run.</summary>
    Admitted,

    /// <summary>The request must not run.</summary>
    Rejected,
}
