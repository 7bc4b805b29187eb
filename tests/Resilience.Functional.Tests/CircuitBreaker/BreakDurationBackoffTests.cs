using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary><see cref="BreakDuration.FromBackoff(Backoff, Random)"/>: breaks that follow a backoff schedule.</summary>
public class BreakDurationBackoffTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker(BreakDuration duration) => new(new CircuitBreakerOptions
    {
        ConsecutiveFailures = 1,
        BreakDuration = duration,
        TimeProvider = time,
    });

    /// <summary>Trips the breaker, then fails a probe after each break, and lists the breaks it took.</summary>
    private List<TimeSpan> Breaks(CircuitBreaker breaker, int openings)
    {
        var failing = Op.Fail<int>(Transient).WithCircuitBreaker(breaker);
        var breaks = new List<TimeSpan>();
        for (var i = 0; i < openings; i++)
        {
            _ = failing(CancellationToken.None);
            Assert.Equal(CircuitState.Open, breaker.State);
            var wait = breaker.TimeUntilHalfOpen;
            breaks.Add(wait);
            time.Advance(wait - TimeSpan.FromTicks(1));
            Assert.Equal(CircuitState.Open, breaker.State);
            time.Advance(TimeSpan.FromTicks(1));
            Assert.Equal(CircuitState.HalfOpen, breaker.State);
        }

        return breaks;
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Each_consecutive_opening_takes_the_schedules_next_delay_and_a_closed_circuit_starts_again()
    {
        var breaker = Breaker(BreakDuration.FromBackoff(Backoff.Exponential(S(1)).CapDelay(S(10))));
        Assert.Equal(new[] { S(1), S(2), S(4), S(8), S(10), S(10) }, Breaks(breaker, 6));

        _ = Op.Succeed(1).WithCircuitBreaker(breaker)(CancellationToken.None);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(new[] { S(1), S(2) }, Breaks(breaker, 2));
    }

    [Fact]
    public void After_the_schedule_stops_every_opening_keeps_its_last_delay()
    {
        var breaker = Breaker(BreakDuration.FromBackoff(Backoff.Linear(S(1)).MaxRetries(3)));
        Assert.Equal(new[] { S(1), S(2), S(3), S(3), S(3), S(3) }, Breaks(breaker, 6));
    }

    [Fact]
    public void Past_the_end_the_last_delay_is_found_for_any_opening_number()
    {
        var duration = BreakDuration.FromBackoff(Backoff.Fibonacci(S(1)).MaxRetries(5), new Random(1));
        Assert.Equal(S(5), duration.For(1_000_000));
        Assert.Equal(S(5), duration.For(6));
        Assert.Equal(S(3), duration.For(4));
        Assert.Equal(S(5), duration.For(int.MaxValue));
    }

    [Fact]
    public void A_seeded_random_gives_the_same_jittered_breaks_as_the_schedule_lists()
    {
        var backoff = Backoff.Exponential(S(1)).CapDelay(S(30)).FullJitter();
        var first = Breaks(Breaker(BreakDuration.FromBackoff(backoff, new Random(42))), 6);
        var second = Breaks(Breaker(BreakDuration.FromBackoff(backoff, new Random(42))), 6);

        Assert.Equal(first, second);
        Assert.Equal(backoff.Take(6, 42).ToArray(), first.ToArray());
        Assert.NotEqual(first, Breaks(Breaker(BreakDuration.FromBackoff(backoff, new Random(43))), 6));
    }

    [Fact]
    public void A_schedule_that_stops_at_once_or_a_null_argument_is_rejected_at_construction()
    {
        var stops = Assert.Throws<ArgumentException>(() => BreakDuration.FromBackoff(Backoff.Never));
        Assert.Equal("backoff", stops.ParamName);
        Assert.Equal("backoff", Assert.Throws<ArgumentNullException>(() => BreakDuration.FromBackoff(null!)).ParamName);
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => BreakDuration.FromBackoff(Backoff.Constant(S(1)), null!)).ParamName);
    }

    [Fact]
    public void A_schedule_that_stops_at_once_is_refused_with_a_message_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BreakDuration.FromBackoff(Backoff.Never));
        Assert.Contains($"The schedule must give a delay for the first opening; {Backoff.Never} stops at once.", error.Message);
    }

    [Fact]
    public void A_null_random_is_refused_as_null_whatever_the_schedule() =>
        Assert.Equal("random", Assert.Throws<ArgumentNullException>(() => BreakDuration.FromBackoff(Backoff.Never, null!)).ParamName);

    [Fact]
    public void A_break_from_a_schedule_describes_itself_by_the_schedule()
    {
        var backoff = Backoff.Exponential(S(1)).CapDelay(S(10));
        Assert.Equal($"FromBackoff({backoff})", BreakDuration.FromBackoff(backoff).ToString());
    }
}
