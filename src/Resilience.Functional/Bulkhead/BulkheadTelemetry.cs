namespace Resilience.Functional;

/// <summary>The telemetry names of the bulkhead pattern (docs/telemetry.md#bulkhead).</summary>
public static class BulkheadTelemetry
{
    /// <summary>The default <see cref="BulkheadOptions.Name"/>: <c>bulkhead</c>.</summary>
    public const string DefaultName = "bulkhead";

    /// <summary>Rejection reason: no free slot and no room (or no more time) in the queue.</summary>
    public const string Full = "bulkhead_full";
}
