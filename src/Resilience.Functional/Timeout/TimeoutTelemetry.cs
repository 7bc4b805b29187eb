namespace Resilience.Functional;

/// <summary>The telemetry names of the timeout pattern (docs/telemetry.md#timeout).</summary>
public static class TimeoutTelemetry
{
    /// <summary>The default <see cref="TimeoutOptions.Name"/>: <c>timeout</c>.</summary>
    public const string DefaultName = "timeout";

    /// <summary>Rejection reason: the deadline passed before the operation finished.</summary>
    public const string TimedOut = "timeout";
}
