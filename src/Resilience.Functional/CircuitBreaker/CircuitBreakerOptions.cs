namespace Resilience.Functional;

/// <summary>
/// Settings of a <see cref="CircuitBreaker"/>. Trip rules combine: the circuit opens when any enabled rule trips.
/// By default only the consecutive-failure rule is on (5 failures in a row).
/// </summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Open after this many counted failures in a row (null: rule off). Default 5; at least 1.</summary>
    public int? ConsecutiveFailures { get; init; } = 5;

    /// <summary>Open when failures / calls in the window reach this ratio (null: rule off). In (0, 1].</summary>
    public double? FailureRatio { get; init; }

    /// <summary>Open when slow calls / calls in the window reach this ratio (null: rule off). In (0, 1].</summary>
    public double? SlowCallRatio { get; init; }

    /// <summary>A call taking at least this long is slow. Default 10 s; greater than zero.</summary>
    public TimeSpan SlowCallDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The window the ratio rules look at. Default the last 100 calls.</summary>
    public SlidingWindow Window { get; init; } = SlidingWindow.ByCount(100);

    /// <summary>The ratio rules never trip with fewer calls than this in the window. Default 10; at least 1 and, for a
    /// count-based window, at most its size.</summary>
    public int MinimumThroughput { get; init; } = 10;

    /// <summary>How long the circuit stays open. Default a fixed 30 s.</summary>
    public BreakDuration BreakDuration { get; init; } = BreakDuration.Fixed(TimeSpan.FromSeconds(30));

    /// <summary>Probes admitted in the half-open state; all must succeed to close. Default 1; at least 1.</summary>
    public int HalfOpenProbes { get; init; } = 1;

    /// <summary>A probe that has not finished after this long counts as failed. Default 30 s; in (0, about 49.7 days],
    /// the range of a timer. There is no "never": a probe that hangs must not hold the circuit half-open for good.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Transient errors are failures; others are ignored (neither success nor failure). Default
    /// <see cref="ErrorClassifier.Default"/>.</summary>
    public ErrorClassifier Classifier { get; init; } = ErrorClassifier.Default;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal bool UsesWindow => FailureRatio.HasValue || SlowCallRatio.HasValue;

    /// <summary>Checks every setting; returns these options.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or no trip rule is enabled.</exception>
    /// <exception cref="ArgumentNullException">A required setting is null.</exception>
    public CircuitBreakerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Window, nameof(Window));
        ArgumentNullException.ThrowIfNull(BreakDuration, nameof(BreakDuration));
        ArgumentNullException.ThrowIfNull(Classifier, nameof(Classifier));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (ConsecutiveFailures is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ConsecutiveFailures), ConsecutiveFailures, "The consecutive-failure threshold must be at least 1 (or null to turn the rule off).");
        }

        RequireRatio(FailureRatio, nameof(FailureRatio));
        RequireRatio(SlowCallRatio, nameof(SlowCallRatio));
        RequirePositive(SlowCallDuration, nameof(SlowCallDuration));
        OptionGuards.PositiveDelay(ProbeTimeout, nameof(ProbeTimeout));
        if (MinimumThroughput < 1 || (!Window.IsTimeBased && MinimumThroughput > Window.Size))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "The minimum throughput must be at least 1 and, for a count-based window, at most the window size.");
        }

        if (HalfOpenProbes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HalfOpenProbes), HalfOpenProbes, "The number of half-open probes must be at least 1.");
        }

        if (ConsecutiveFailures is null && !UsesWindow)
        {
            throw new ArgumentException("At least one trip rule (ConsecutiveFailures, FailureRatio, SlowCallRatio) must be set.", nameof(ConsecutiveFailures));
        }

        return this;
    }

    private static void RequireRatio(double? ratio, string name)
    {
        if (ratio is { } r && !(r > 0 && r <= 1))
        {
            throw new ArgumentOutOfRangeException(name, r, "The ratio must be in (0, 1] (or null to turn the rule off).");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The duration must be greater than zero.");
        }
    }

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
