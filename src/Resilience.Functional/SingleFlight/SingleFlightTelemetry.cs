namespace Resilience.Functional;

/// <summary>The telemetry names of single-flight (docs/telemetry.md#single-flight).</summary>
public static class SingleFlightTelemetry
{
    /// <summary>The default <see cref="SingleFlightOptions.Name"/>: <c>single-flight</c>.</summary>
    public const string DefaultName = "single-flight";

    /// <summary>Event: a call joined an execution already in flight for its key instead of running the operation.</summary>
    public const string Joined = "resilience.single_flight.joined";

    /// <summary>Event: a call was answered with a success kept for reuse (<see cref="SingleFlightOptions.ReuseFor"/>).</summary>
    public const string Reused = "resilience.single_flight.reused";

    /// <summary>Event: every caller of an execution left (cancelled) before it completed, so it was cancelled.</summary>
    public const string Abandoned = "resilience.single_flight.abandoned";
}
