namespace Resilience.Functional;

/// <summary>The kind of a <see cref="CircuitBreakerEvent"/>.</summary>
public enum CircuitBreakerEventKind
{
    /// <summary>The circuit changed state.</summary>
    Transitioned,

    /// <summary>A call was rejected.</summary>
    Rejected,
}
