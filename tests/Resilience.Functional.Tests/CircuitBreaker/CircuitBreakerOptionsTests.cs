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

    [Theory]
    [InlineData("ConsecutiveFailures", "ConsecutiveFailures must be at least 1 (or null to turn the rule off).")]
    [InlineData("no rule", "At least one trip rule (ConsecutiveFailures, FailureRatio, SlowCallRatio) must be set.")]
    [InlineData("FailureRatio", "FailureRatio must be in (0, 1] (or null to turn the rule off).")]
    [InlineData("window size", "The window size must be at least 1.")]
    [InlineData("buckets", "The bucket count must be at least 1.")]
    [InlineData("window duration", "The window duration must be greater than zero and at least one tick per bucket.")]
    [InlineData("fixed duration", "The duration must be greater than zero.")]
    [InlineData("factor", "The factor must be finite and at least 1.")]
    [InlineData("cap", "The cap must be at least the initial duration.")]
    public void A_refused_setting_says_what_is_allowed(string setting, string allowed)
    {
        var error = Assert.ThrowsAny<ArgumentException>(Refused(setting));
        Assert.Contains(allowed, error.Message);
    }

    private static Action Refused(string setting) => setting switch
    {
        "ConsecutiveFailures" => () => _ = new CircuitBreakerOptions { ConsecutiveFailures = 0 },
        "no rule" => () => _ = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = null }),
        "FailureRatio" => () => _ = new CircuitBreakerOptions { FailureRatio = 2 },
        "window size" => () => SlidingWindow.ByCount(0),
        "buckets" => () => SlidingWindow.ByTime(TimeSpan.FromSeconds(1), 0),
        "window duration" => () => SlidingWindow.ByTime(TimeSpan.FromTicks(9), 10),
        "fixed duration" => () => BreakDuration.Fixed(TimeSpan.Zero),
        "factor" => () => BreakDuration.Exponential(TimeSpan.FromSeconds(1), 0.5, TimeSpan.FromSeconds(1)),
        "cap" => () => BreakDuration.Exponential(TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "No such case."),
    };

    [Fact]
    public void A_time_window_needs_at_least_one_tick_per_bucket()
    {
        var finest = SlidingWindow.ByTime(TimeSpan.FromTicks(10), 10);
        Assert.Equal((TimeSpan.FromTicks(10), 10), (finest.Duration, finest.Buckets));
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindow.ByTime(TimeSpan.FromTicks(9), 10)).ParamName);
    }

    [Fact]
    public void An_exponential_break_with_factor_one_is_a_constant_break()
    {
        var constant = BreakDuration.Exponential(TimeSpan.FromSeconds(2), 1, TimeSpan.FromSeconds(10));
        Assert.All(new[] { 1, 2, 10, int.MaxValue }.Select(constant.For), d => Assert.Equal(TimeSpan.FromSeconds(2), d));
    }

    [Fact]
    public void An_exponential_break_that_reaches_its_cap_is_the_cap_even_beyond_double_precision()
    {
        // 2^59 + 1 ticks doubled is 2^60 + 2, past a cap of 2^60 + 1; in a double both read 2^60.
        var cap = TimeSpan.FromTicks((1L << 60) + 1);
        var growing = BreakDuration.Exponential(TimeSpan.FromTicks((1L << 59) + 1), 2, cap);
        Assert.Equal(cap, growing.For(2));
        Assert.Equal(cap, growing.For(3));
    }

    [Fact]
    public void Break_durations_describe_themselves()
    {
        Assert.Equal("Fixed(30s)", BreakDuration.Fixed(TimeSpan.FromSeconds(30)).ToString());
        Assert.Equal("Exponential(5s, x2, max 50s)", BreakDuration.Exponential(TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(50)).ToString());
        Assert.Equal("Custom", BreakDuration.Of(n => TimeSpan.FromSeconds(n)).ToString());
    }
}
