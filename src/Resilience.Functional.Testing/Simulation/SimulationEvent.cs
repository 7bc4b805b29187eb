namespace Resilience.Functional.Testing;

/// <summary>What happened in a <see cref="SimulationEvent"/>.</summary>
public enum SimulationEventKind
{
    /// <summary>A request arrived.</summary>
    Arrived,

    /// <summary>A request entered the pipeline (after waiting for the caller's concurrency limit, if any).</summary>
    Started,

    /// <summary>The pipeline called the downstream.</summary>
    CallStarted,

    /// <summary>A downstream call answered; the detail is its reason (<c>ok</c> or the error's).</summary>
    CallEnded,

    /// <summary>A request finished; the detail is its reason.</summary>
    Completed,

    /// <summary>A probe's value changed; the detail is <c>name=value</c>.</summary>
    ProbeChanged,
}

/// <summary>One entry of a simulation's event log: two runs with the same inputs give equal logs.</summary>
/// <param name="At">The virtual time, from the start of the simulation.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Request">The request's id (from 0), or -1 for a probe.</param>
/// <param name="Call">The request's downstream call number (from 1) for call events, else 0.</param>
/// <param name="Detail">The reason or probe value, or empty.</param>
public readonly record struct SimulationEvent(TimeSpan At, SimulationEventKind Kind, long Request, int Call, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{At.Ticks} {Kind} #{Request} {Call} {Detail}";
}

/// <summary>A probe's value from a moment on.</summary>
/// <param name="At">When the probe took this value.</param>
/// <param name="Value">The value.</param>
public readonly record struct ProbeSample(TimeSpan At, string Value);

/// <summary>
/// Something to watch during a simulation, such as a circuit breaker's state: read after every step of the loop,
/// and recorded each time its value changes.
/// </summary>
/// <param name="Name">The name in results and charts.</param>
/// <param name="Read">Reads the current value; must be cheap and must not wait.</param>
public sealed record SimulationProbe(string Name, Func<string> Read);
