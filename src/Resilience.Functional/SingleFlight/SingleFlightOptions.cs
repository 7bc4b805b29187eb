namespace Resilience.Functional;

/// <summary>Settings of a <see cref="SingleFlight{TKey, T}"/>; every property is validated when set.</summary>
/// <remarks>
/// There is deliberately no setting to keep a completed result: a single-flight shares an execution only while it is
/// in flight, and the next call after it completes runs the operation again. Reusing results is caching, with its own
/// staleness and invalidation rules; serve a recent success with <c>WithLastKnownGood</c> or a cache in front
/// (docs/single-flight.md#nothing-is-cached).
/// </remarks>
public sealed record SingleFlightOptions
{
    /// <summary>The defaults: named <c>single-flight</c>.</summary>
    public static SingleFlightOptions Default { get; } = new();

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md).
    /// Default <c>single-flight</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = SingleFlightTelemetry.DefaultName;
}
