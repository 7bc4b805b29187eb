namespace Resilience.Functional;

/// <summary>The telemetry names of the circuit breaker (docs/telemetry.md#circuit-breaker).</summary>
public static class CircuitBreakerTelemetry
{
    /// <summary>The default <see cref="CircuitBreakerOptions.Name"/>: <c>circuit-breaker</c>.</summary>
    public const string DefaultName = "circuit-breaker";

    /// <summary>Rejection reason: the circuit is open, isolated, or half-open with every probe permit taken.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>The span event added (to the current span, if any) when the breaker changes state.</summary>
    public const string TransitionEvent = "resilience.circuit_breaker.transition";

    /// <summary>State value <c>closed</c>.</summary>
    public const string Closed = "closed";

    /// <summary>State value <c>open</c>.</summary>
    public const string Open = "open";

    /// <summary>State value <c>half_open</c>.</summary>
    public const string HalfOpen = "half_open";

    /// <summary>State value <c>isolated</c>.</summary>
    public const string Isolated = "isolated";

    /// <summary>The telemetry value of <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    public static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => Closed,
        CircuitState.Open => Open,
        CircuitState.HalfOpen => HalfOpen,
        CircuitState.Isolated => Isolated,
        _ => state.ToString().ToLowerInvariant(),
    };
}
