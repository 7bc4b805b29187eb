namespace Resilience.Functional;

/// <summary>The telemetry names of chaos injection (docs/telemetry.md#chaos).</summary>
public static class ChaosTelemetry
{
    /// <summary>The default <see cref="ChaosFault.Name"/>: <c>chaos-fault</c>.</summary>
    public const string DefaultFaultName = "chaos-fault";

    /// <summary>The default <see cref="ChaosLatency.Name"/>: <c>chaos-latency</c>.</summary>
    public const string DefaultLatencyName = "chaos-latency";

    /// <summary>The default <see cref="ChaosOutcome{T}.Name"/>: <c>chaos-outcome</c>.</summary>
    public const string DefaultOutcomeName = "chaos-outcome";

    /// <summary>Event: a fault, a latency or an outcome was injected.</summary>
    public const string Injected = "resilience.chaos.injected";
}
