namespace Resilience.Functional;

/// <summary>The telemetry names of the hedging pattern (docs/telemetry.md#hedging).</summary>
public static class HedgingTelemetry
{
    /// <summary>The default <see cref="HedgingOptions.Name"/>: <c>hedging</c>.</summary>
    public const string DefaultName = "hedging";

    /// <summary>Event: a hedged attempt started (after the delay, or after a failure worth hedging).</summary>
    public const string HedgeStarted = "resilience.hedging.started";

    /// <summary>Rejection reason: every attempt failed with an error worth hedging.</summary>
    public const string Exhausted = "hedging_exhausted";
}
