namespace Resilience.Functional.DependencyInjection.Configuration;

/// <summary>
/// The configuration of a circuit breaker (<see cref="CircuitBreakerOptions"/>); an absent key keeps the option's
/// default. The trip rules named here are the ones on: with none of <see cref="ConsecutiveFailures"/>,
/// <see cref="FailureRatio"/> and <see cref="SlowCallRatio"/> the default rule (5 consecutive failures) applies; with
/// any of them, exactly those.
/// </summary>
public sealed record CircuitBreakerSettings
{
    /// <summary><see cref="CircuitBreakerOptions.ConsecutiveFailures"/>.</summary>
    public int? ConsecutiveFailures { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.FailureRatio"/>.</summary>
    public double? FailureRatio { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.SlowCallRatio"/>.</summary>
    public double? SlowCallRatio { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.SlowCallDuration"/>, as a duration.</summary>
    public string? SlowCallDuration { get; init; }

    /// <summary>A count-based window of this many calls (<see cref="SlidingWindow.ByCount"/>).</summary>
    public int? WindowSize { get; init; }

    /// <summary>A time-based window of this length (<see cref="SlidingWindow.ByTime"/>), as a duration; wins over <see cref="WindowSize"/>.</summary>
    public string? WindowDuration { get; init; }

    /// <summary>The buckets of a time-based window; default 10.</summary>
    public int? WindowBuckets { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.MinimumThroughput"/>.</summary>
    public int? MinimumThroughput { get; init; }

    /// <summary>The (first) break, as a duration (<see cref="Functional.BreakDuration.Fixed"/>); default 30 s.</summary>
    public string? BreakDuration { get; init; }

    /// <summary>With <see cref="MaxBreakDuration"/>: each consecutive opening multiplies the break by this (<see cref="Functional.BreakDuration.Exponential"/>).</summary>
    public double? BreakDurationFactor { get; init; }

    /// <summary>The cap of a growing break, as a duration; default 10 × <see cref="BreakDuration"/>.</summary>
    public string? MaxBreakDuration { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.HalfOpenProbes"/>.</summary>
    public int? HalfOpenProbes { get; init; }

    /// <summary><see cref="CircuitBreakerOptions.ProbeTimeout"/>, as a duration.</summary>
    public string? ProbeTimeout { get; init; }

    internal CircuitBreakerOptions ToOptions(SettingPath path, string name, TimeProvider clock)
    {
        var options = new CircuitBreakerOptions { Name = name, TimeProvider = clock };
        if (ConsecutiveFailures is not null || FailureRatio is not null || SlowCallRatio is not null)
        {
            options = path[nameof(ConsecutiveFailures)].Check(ConsecutiveFailures, () => options with { ConsecutiveFailures = ConsecutiveFailures });
            options = path[nameof(FailureRatio)].Check(FailureRatio, () => options with { FailureRatio = FailureRatio });
            options = path[nameof(SlowCallRatio)].Check(SlowCallRatio, () => options with { SlowCallRatio = SlowCallRatio });
        }

        if (ConfigurationDuration.Read(SlowCallDuration, path[nameof(SlowCallDuration)]) is { } slow)
        {
            options = path[nameof(SlowCallDuration)].Check(SlowCallDuration, () => options with { SlowCallDuration = slow });
        }

        if (ConfigurationDuration.Read(WindowDuration, path[nameof(WindowDuration)]) is { } window)
        {
            options = options with
            {
                Window = path.Check(
                    () => SlidingWindow.ByTime(window, WindowBuckets ?? 10),
                    ("duration", nameof(WindowDuration), WindowDuration),
                    ("buckets", nameof(WindowBuckets), WindowBuckets)),
            };
        }
        else if (WindowSize is { } size)
        {
            options = options with { Window = path[nameof(WindowSize)].Check(size, () => SlidingWindow.ByCount(size)) };
        }

        if (MinimumThroughput is { } throughput)
        {
            options = path[nameof(MinimumThroughput)].Check(throughput, () => options with { MinimumThroughput = throughput });
        }

        if (HalfOpenProbes is { } probes)
        {
            options = path[nameof(HalfOpenProbes)].Check(probes, () => options with { HalfOpenProbes = probes });
        }

        if (ConfigurationDuration.Read(ProbeTimeout, path[nameof(ProbeTimeout)]) is { } probeTimeout)
        {
            options = path[nameof(ProbeTimeout)].Check(ProbeTimeout, () => options with { ProbeTimeout = probeTimeout });
        }

        options = options with { BreakDuration = ToBreakDuration(path) ?? options.BreakDuration };

        // The rules across settings (a trip rule on, the throughput within a count window) are the breaker's own.
        var checkedOptions = options;
        _ = path.Check(
            () => new CircuitBreaker(checkedOptions),
            ("MinimumThroughput", nameof(MinimumThroughput), MinimumThroughput),
            ("ConsecutiveFailures", nameof(ConsecutiveFailures), ConsecutiveFailures));
        return options;
    }

    private Functional.BreakDuration? ToBreakDuration(SettingPath path)
    {
        var first = ConfigurationDuration.Read(BreakDuration, path[nameof(BreakDuration)]);
        if (BreakDurationFactor is { } factor)
        {
            var initial = first ?? TimeSpan.FromSeconds(30);
            var max = ConfigurationDuration.Read(MaxBreakDuration, path[nameof(MaxBreakDuration)]) ?? initial * 10;
            return path.Check(
                () => Functional.BreakDuration.Exponential(initial, factor, max),
                ("initial", nameof(BreakDuration), BreakDuration),
                ("factor", nameof(BreakDurationFactor), factor),
                ("max", nameof(MaxBreakDuration), MaxBreakDuration));
        }

        return first is { } fixedBreak
            ? path[nameof(BreakDuration)].Check(BreakDuration, () => Functional.BreakDuration.Fixed(fixedBreak))
            : null;
    }
}
