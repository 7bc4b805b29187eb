namespace Resilience.Functional;

/// <summary>Settings of a <see cref="SingleFlight{TKey, T}"/>; every property is validated when set.</summary>
/// <remarks>
/// By default nothing is kept after an execution completes: the next call runs the operation again. Reusing a
/// completed success for a while is caching, with its staleness, so it is asked for explicitly with
/// <see cref="ReuseFor"/>, and bounded by <see cref="MaxReused"/> (docs/single-flight.md#reusing-a-success).
/// </remarks>
public sealed record SingleFlightOptions
{
    /// <summary>The defaults: nothing reused, named <c>single-flight</c>.</summary>
    public static SingleFlightOptions Default { get; } = new();

    /// <summary>
    /// How long a completed success is handed to later calls with its key instead of running the operation again;
    /// errors are never reused. Zero or more; default zero: nothing is kept after completion.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public TimeSpan ReuseFor
    {
        get;
        init => field = OptionGuards.NonNegative(value, nameof(ReuseFor));
    } = TimeSpan.Zero;

    /// <summary>
    /// The most successes kept for reuse at once; beyond it the oldest is dropped. From 1 to 1 000 000; default 1024.
    /// Only read when <see cref="ReuseFor"/> is positive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [1, 1 000 000].</exception>
    public int MaxReused
    {
        get;
        init => field = OptionGuards.InRange(value, 1, 1_000_000, nameof(MaxReused));
    } = 1024;

    /// <summary>The clock reused successes age on, and executions in flight (<see cref="SingleFlight{TKey, T}.OldestInFlight"/>). Default <see cref="System.TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public TimeProvider TimeProvider
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(TimeProvider));
    } = TimeProvider.System;

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
