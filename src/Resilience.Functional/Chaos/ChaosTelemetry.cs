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

    /// <summary>Event: a fault, a latency or an outcome was injected; tagged with <see cref="KindTag"/>.</summary>
    public const string Injected = "resilience.chaos.injected";

    /// <summary>Tag key of what was injected: <see cref="Fault"/>, <see cref="Latency"/> or <see cref="Outcome"/>.</summary>
    public const string KindTag = "resilience.chaos.kind";

    /// <summary>Kind value: an error replaced the call.</summary>
    public const string Fault = "fault";

    /// <summary>Kind value: a delay came before the call.</summary>
    public const string Latency = "latency";

    /// <summary>Kind value: an outcome replaced the call.</summary>
    public const string Outcome = "outcome";
}
