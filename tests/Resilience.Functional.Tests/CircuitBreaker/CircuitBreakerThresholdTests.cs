using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary><see cref="CircuitBreaker.UpdateThresholds"/>: new thresholds on a live breaker, its state kept.</summary>
public class CircuitBreakerThresholdTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Consecutive_failures_are_kept_and_counted_against_the_new_threshold()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 5, TimeProvider = time });
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        _ = failing(CancellationToken.None);
        _ = failing(CancellationToken.None);

        breaker.UpdateThresholds(breaker.Options with { ConsecutiveFailures = 3 });

        Assert.Equal(2, breaker.Snapshot.ConsecutiveFailures);
        Assert.Equal(CircuitState.Closed, breaker.State);
        _ = failing(CancellationToken.None);
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(3, breaker.Options.ConsecutiveFailures);
    }

    [Fact]
    public void An_open_circuit_stays_open_until_its_break_ends_and_the_next_break_uses_the_new_duration()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = 1,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(30)),
            TimeProvider = time,
        });
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        _ = failing(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));

        breaker.UpdateThresholds(breaker.Options with { BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)) });

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(20), breaker.TimeUntilHalfOpen);
        time.Advance(TimeSpan.FromSeconds(20));
        _ = failing(CancellationToken.None); // the probe fails: a new break, of the new length
        Assert.Equal(TimeSpan.FromSeconds(5), breaker.TimeUntilHalfOpen);
    }

    [Fact]
    public void The_window_keeps_its_calls_when_the_ratio_changes()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.9,
            MinimumThroughput = 4,
            Window = SlidingWindow.ByCount(10),
            TimeProvider = time,
        });
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        var succeeding = Op.Succeed(1).WithCircuitBreaker(breaker);
        _ = succeeding(CancellationToken.None);
        _ = succeeding(CancellationToken.None);
        _ = failing(CancellationToken.None);

        breaker.UpdateThresholds(breaker.Options with { FailureRatio = 0.5 });

        Assert.Equal(3, breaker.WindowCounts.Calls);
        _ = failing(CancellationToken.None); // 2 of 4 failed: 50 %
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public void An_isolated_breaker_stays_isolated()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = time });
        breaker.Isolate();
        breaker.UpdateThresholds(breaker.Options with { HalfOpenProbes = 3 });
        Assert.Equal(CircuitState.Isolated, breaker.State);
    }

    [Fact]
    public void A_change_of_shape_is_refused_and_changes_nothing()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 5, TimeProvider = time };
        var breaker = new CircuitBreaker(options);

        Assert.False(breaker.HasSameShape(options with { FailureRatio = 0.5 }));
        Assert.False(breaker.HasSameShape(options with { Name = "other" }));
        Assert.False(breaker.HasSameShape(options with { TimeProvider = TimeProvider.System }));
        Assert.True(breaker.HasSameShape(options with { ConsecutiveFailures = 2, ProbeTimeout = TimeSpan.FromSeconds(1) }));
        var error = Assert.Throws<ArgumentException>(() => breaker.UpdateThresholds(options with { FailureRatio = 0.5 }));
        Assert.Equal("options", error.ParamName);
        Assert.Same(options, breaker.Options);
    }

    [Fact]
    public void A_ratio_window_must_keep_its_size()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.5, Window = SlidingWindow.ByCount(10), TimeProvider = time };
        var breaker = new CircuitBreaker(options);
        Assert.False(breaker.HasSameShape(options with { Window = SlidingWindow.ByCount(20) }));
        Assert.True(breaker.HasSameShape(options with { FailureRatio = 0.2, MinimumThroughput = 5 }));
    }

    [Fact]
    public void A_change_of_shape_is_refused_saying_what_must_stay_the_same()
    {
        var options = new CircuitBreakerOptions { TimeProvider = time };
        var error = Assert.Throws<ArgumentException>(() => new CircuitBreaker(options).UpdateThresholds(options with { Name = "other" }));
        Assert.Contains("Only thresholds can change on a live breaker: the window, the ratio rules turned on, the clock and the name must stay the same.", error.Message);
    }

    [Fact]
    public void No_options_are_refused_as_null_naming_them()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = time });
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => breaker.HasSameShape(null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => breaker.UpdateThresholds(null!)).ParamName);
    }
}
