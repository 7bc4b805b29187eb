namespace Resilience.Functional;

/// <summary>The telemetry names of fallbacks (docs/telemetry.md#fallback).</summary>
public static class FallbackTelemetry
{
    /// <summary>The default <see cref="FallbackOptions{T}.Name"/>, and the name of the value and operation forms: <c>fallback</c>.</summary>
    public const string DefaultName = "fallback";

    /// <summary>The name the last-known-good combinators report under: <c>last-known-good</c>.</summary>
    public const string LastKnownGoodName = "last-known-good";

    /// <summary>Event: a failure was answered by the fallback (or by a fresh enough last known good value); tagged with
    /// the <c>error.type</c> of the failure.</summary>
    public const string FallbackUsed = "resilience.fallback.used";
}
