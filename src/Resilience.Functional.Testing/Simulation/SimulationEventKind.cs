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
