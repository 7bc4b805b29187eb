namespace Resilience.Functional;

/// <summary>
/// Settings of a <see cref="CircuitBreaker"/>. Trip rules combine: the circuit opens when any enabled rule trips.
/// By default only the consecutive-failure rule is on (5 failures in a row).
/// </summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Open after this many counted failures in a row (null: rule off). Default 5; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int? ConsecutiveFailures
    {
        get;
        init => field = value is < 1
            ? throw new ArgumentOutOfRangeException(nameof(ConsecutiveFailures), value, "ConsecutiveFailures must be at least 1 (or null to turn the rule off).")
            : value;
    } = 5;

    /// <summary>Open when failures / calls in the window reach this ratio (null: rule off). In (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1].</exception>
    public double? FailureRatio { get; init => field = RequireRatio(value, nameof(FailureRatio)); }

    /// <summary>Open when slow calls / calls in the window reach this ratio (null: rule off). In (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1].</exception>
    public double? SlowCallRatio { get; init => field = RequireRatio(value, nameof(SlowCallRatio)); }

    /// <summary>A call taking at least this long is slow. Default 10 s; greater than zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan SlowCallDuration
    {
        get;
        init => field = OptionGuards.Positive(value, nameof(SlowCallDuration));
    } = TimeSpan.FromSeconds(10);

    /// <summary>The window the ratio rules look at. Default the last 100 calls.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public SlidingWindow Window { get; init => field = OptionGuards.NotNull(value, nameof(Window)); } = SlidingWindow.ByCount(100);

    /// <summary>The ratio rules never trip with fewer calls than this in the window. Default 10; at least 1 and, for a
    /// count-based window, at most its size (checked when the breaker is built).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MinimumThroughput { get; init => field = OptionGuards.Positive(value, nameof(MinimumThroughput)); } = 10;

    /// <summary>How long the circuit stays open. Default a fixed 30 s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public BreakDuration BreakDuration
    {
        get;
        init => field = OptionGuards.NotNull(value, nameof(BreakDuration));
    } = BreakDuration.Fixed(TimeSpan.FromSeconds(30));

    /// <summary>Probes admitted in the half-open state; all must succeed to close. Default 1; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int HalfOpenProbes { get; init => field = OptionGuards.Positive(value, nameof(HalfOpenProbes)); } = 1;

    /// <summary>A probe that has not finished after this long counts as failed. Default 30 s; in (0, about 49.7 days],
    /// the range of a timer. There is no "never": a probe that hangs must not hold the circuit half-open for good.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside that range.</exception>
    public TimeSpan ProbeTimeout
    {
        get;
        init => field = OptionGuards.PositiveDelay(value, nameof(ProbeTimeout));
    } = TimeSpan.FromSeconds(30);

    /// <summary>Transient errors are failures; others are ignored (neither success nor failure). Default
    /// <see cref="ErrorClassifier.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ErrorClassifier Classifier { get; init => field = OptionGuards.NotNull(value, nameof(Classifier)); } = ErrorClassifier.Default;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider { get; init => field = OptionGuards.NotNull(value, nameof(TimeProvider)); } = TimeProvider.System;

    internal bool UsesWindow => FailureRatio.HasValue || SlowCallRatio.HasValue;

    /// <summary>The rules across settings, checked by the breaker (or its machine state) built from these options.</summary>
    /// <exception cref="ArgumentException">No trip rule is on, or the minimum throughput exceeds a count-based window.</exception>
    internal CircuitBreakerOptions CheckAcrossSettings()
    {
        if (!Window.IsTimeBased && MinimumThroughput > Window.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, $"MinimumThroughput must be at most the size of a count-based Window ({Window.Size}).");
        }

        if (ConsecutiveFailures is null && !UsesWindow)
        {
            throw new ArgumentException("At least one trip rule (ConsecutiveFailures, FailureRatio, SlowCallRatio) must be set.", nameof(ConsecutiveFailures));
        }

        return this;
    }

    private static double? RequireRatio(double? ratio, string name) =>
        ratio is { } r && !(r > 0 && r <= 1)
            ? throw new ArgumentOutOfRangeException(name, r, $"{name} must be in (0, 1] (or null to turn the rule off).")
            : ratio;

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>circuit-breaker</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = CircuitBreakerTelemetry.DefaultName;
}
