using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional.Tests;

/// <summary>
/// Bad configuration fails naming the setting: a bad value when it is set, a rule across settings when the breaker is
/// built.
/// </summary>
public class CircuitBreakerOptionsTests
{
    private static readonly (string Name, Func<CircuitBreakerOptions> Build)[] Bad =
    [
        ("ConsecutiveFailures", () => new() { ConsecutiveFailures = 0 }),
        ("ConsecutiveFailures", () => new() { ConsecutiveFailures = null }),
        ("FailureRatio", () => new() { FailureRatio = 0 }),
        ("FailureRatio", () => new() { FailureRatio = 1.01 }),
        ("FailureRatio", () => new() { FailureRatio = double.NaN }),
        ("SlowCallRatio", () => new() { SlowCallRatio = -0.5 }),
        ("SlowCallDuration", () => new() { SlowCallDuration = TimeSpan.Zero }),
        ("ProbeTimeout", () => new() { ProbeTimeout = TimeSpan.FromSeconds(-1) }),
        ("ProbeTimeout", () => new() { ProbeTimeout = TimeSpan.FromDays(60) }),
        ("ProbeTimeout", () => new() { ProbeTimeout = TimeSpan.MaxValue }),
        ("MinimumThroughput", () => new() { MinimumThroughput = 0 }),
        ("MinimumThroughput", () => new() { Window = SlidingWindow.ByCount(5), MinimumThroughput = 6 }),
        ("HalfOpenProbes", () => new() { HalfOpenProbes = 0 }),
        ("Window", () => new() { Window = null! }),
        ("BreakDuration", () => new() { BreakDuration = null! }),
        ("Classifier", () => new() { Classifier = null! }),
        ("TimeProvider", () => new() { TimeProvider = null! }),
    ];

    [Fact]
    public void Bad_options_fail_at_construction_naming_the_setting()
    {
        foreach (var (name, build) in Bad)
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => new CircuitBreaker(build()));
            Assert.Equal(name, error.ParamName);
        }
    }

    [Fact]
    public void A_bad_value_fails_when_it_is_set_and_a_rule_across_settings_when_the_breaker_is_built()
    {
        Assert.Equal("HalfOpenProbes", Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBreakerOptions { HalfOpenProbes = 0 }).ParamName);

        var tooFewCalls = new CircuitBreakerOptions { Window = SlidingWindow.ByCount(5), MinimumThroughput = 6 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBreaker(tooFewCalls));
        Assert.Equal("MinimumThroughput", error.ParamName);
        Assert.Contains("Window", error.Message);
        Assert.Equal("ConsecutiveFailures", Assert.Throws<ArgumentException>(() => BreakerMachineState.Initial(new CircuitBreakerOptions { ConsecutiveFailures = null })).ParamName);
    }

    [Fact]
    public void The_probe_timeout_is_bounded_by_the_timer_range()
    {
        var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        Assert.Equal(longest, new CircuitBreaker(new CircuitBreakerOptions { ProbeTimeout = longest }).Options.ProbeTimeout);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBreaker(new CircuitBreakerOptions { ProbeTimeout = longest + TimeSpan.FromMilliseconds(1) }));
        Assert.Equal("ProbeTimeout", error.ParamName);
        Assert.Contains($"greater than zero and at most {longest}", error.Message);
    }

    [Fact]
    public void Bad_windows_and_break_durations_fail_when_built()
    {
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindow.ByCount(0)).ParamName);
        Assert.Equal("buckets", Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindow.ByTime(TimeSpan.FromSeconds(1), 0)).ParamName);
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindow.ByTime(TimeSpan.Zero, 1)).ParamName);
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => BreakDuration.Fixed(TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentOutOfRangeException>(() => BreakDuration.Exponential(TimeSpan.Zero, 2, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => BreakDuration.Exponential(TimeSpan.FromSeconds(1), 0.5, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => BreakDuration.Exponential(TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("byOpening", Assert.Throws<ArgumentNullException>(() => BreakDuration.Of(null!)).ParamName);
    }

    [Fact]
    public void Break_durations_by_opening_count()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), BreakDuration.Fixed(TimeSpan.FromSeconds(3)).For(9));
        var growing = BreakDuration.Exponential(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(5));
        Assert.Equal(
            new[] { 1, 2, 4, 5, 5 }.Select(s => TimeSpan.FromSeconds(s)),
            new[] { 1, 2, 3, 4, int.MaxValue }.Select(growing.For));
        Assert.Equal(TimeSpan.FromSeconds(4), BreakDuration.Of(n => TimeSpan.FromSeconds(n * 2)).For(2));
        Assert.Equal(TimeSpan.Zero, BreakDuration.Of(_ => TimeSpan.FromSeconds(-1)).For(1));
        Assert.Equal(TimeSpan.Zero, BreakDuration.Of(_ => throw new InvalidOperationException()).For(1));
    }

    [Fact]
    public void Defaults_are_valid_and_use_the_consecutive_failure_rule()
    {
        var options = new CircuitBreakerOptions();
        Assert.Same(options, new CircuitBreaker(options).Options);
        Assert.Equal((5, null, null, 1), (options.ConsecutiveFailures, options.FailureRatio, options.SlowCallRatio, options.HalfOpenProbes));
    }
}
