using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>What the order of layers changes: the evidence behind docs/policies.md's order guidance.</summary>
public class PolicyOrderTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);

    private static Policy Retry(FakeTimeProvider clock) =>
        Policy.Retry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = clock });

    private static Policy FailFastRetry(FakeTimeProvider clock) =>
        Policy.Retry(new RetryOptions
        {
            Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3),
            Classifier = ErrorClassifier.Default.Except(e => e is CircuitOpenError),
            TimeProvider = clock,
        });

    private static Policy Breaker(FakeTimeProvider clock) =>
        Policy.CircuitBreaker(new CircuitBreaker(new()
        {
            ConsecutiveFailures = 3,
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)),
            TimeProvider = clock,
        }));

    private static Policy Timeout(FakeTimeProvider clock, double seconds) =>
        Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(seconds), TimeProvider = clock });

    private static (List<string> Outcomes, int Calls) Run(Func<FakeTimeProvider, Policy> pipeline, int calls)
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var outcomes = Downstream.DriveSequentially(clock, pipeline(clock).Wrap(downstream.Scripted(Fail)), calls);
        return (outcomes, downstream.Calls);
    }

    [Fact]
    public void Breaker_inside_retry_stops_the_downstream_calls_once_it_opens()
    {
        // Retry → CircuitBreaker → call: the breaker sees every attempt and opens after 3 failures; later attempts are
        // rejected without touching the downstream, and the retry waits for the open circuit's retry-after (the end of
        // the 5 s break), so each later call costs the downstream one probe: 3 + 4 × 2 = 11 calls for 5 requests.
        var (outcomes, calls) = Run(c => Policy.Pipeline(Retry(c), Breaker(c)), calls: 5);

        Assert.Equal(11, calls);
        Assert.All(outcomes, o => Assert.StartsWith("Left RetriesExhaustedError", o));
    }

    [Fact]
    public void Breaker_inside_a_retry_that_does_not_retry_an_open_circuit_fails_fast()
    {
        // The same order, with the standard preset's rule: an open circuit ends the call. The first request opens the
        // breaker on its third attempt and gets CircuitOpenError on its fourth; the next four get it at once, without
        // waiting out the break: 3 downstream calls for 5 requests.
        var (outcomes, calls) = Run(c => Policy.Pipeline(FailFastRetry(c), Breaker(c)), calls: 5);

        Assert.Equal(3, calls);
        Assert.All(outcomes, o => Assert.StartsWith("Left CircuitOpenError", o));
    }

    [Fact]
    public void Breaker_outside_retry_lets_every_retry_through_until_whole_calls_have_failed()
    {
        // CircuitBreaker → Retry → call: the breaker sees only the retry's verdict, RetriesExhaustedError, which the
        // default classifier calls permanent (retrying it again would multiply the load), so it never counts a failure
        // and never opens: every request costs 4 downstream calls, 20 for 5 requests.
        var (outcomes, calls) = Run(c => Policy.Pipeline(Breaker(c), Retry(c)), calls: 5);

        Assert.Equal(20, calls);
        Assert.All(outcomes, o => Assert.StartsWith("Left RetriesExhaustedError", o));
    }

    [Fact]
    public void A_timeout_outside_retry_is_a_total_timeout_and_one_hung_attempt_uses_it_all()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);

        var (outcomes, elapsed) = Downstream.Drive(clock, Policy.Pipeline(Timeout(clock, 1), Retry(clock)).Wrap(downstream.Hangs()));

        Assert.StartsWith("Left TimeoutError", Assert.Single(outcomes));
        Assert.Equal(1, downstream.Calls);
        Assert.Equal(TimeSpan.FromSeconds(1), elapsed);
    }

    [Fact]
    public void A_timeout_inside_retry_is_per_attempt_and_the_retries_get_their_chance_but_nothing_bounds_the_total()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);

        var (outcomes, elapsed) = Downstream.Drive(clock, Policy.Pipeline(Retry(clock), Timeout(clock, 1)).Wrap(downstream.Hangs()));

        Assert.StartsWith("Left RetriesExhaustedError", Assert.Single(outcomes));
        Assert.Equal(4, downstream.Calls);
        Assert.Equal(TimeSpan.FromSeconds(4.3), elapsed);
    }

    [Fact]
    public void Total_timeout_outside_and_attempt_timeout_innermost_give_both_retries_and_a_bound()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Pipeline(Timeout(clock, 2.5), Retry(clock), Timeout(clock, 1));

        var (outcomes, elapsed) = Downstream.Drive(clock, pipeline.Wrap(downstream.Hangs()));

        Assert.StartsWith("Left TimeoutError", Assert.Single(outcomes));
        Assert.Equal(3, downstream.Calls);
        Assert.Equal(TimeSpan.FromSeconds(2.5), elapsed);
    }

    [Fact]
    public void An_attempt_timeout_outside_the_breaker_hides_hung_calls_from_it()
    {
        // Retry → Timeout → Breaker → call: the breaker never sees the timeouts (the timeout cancels the call and the
        // breaker reads a cancellation, not a failure), so it never opens: 2 requests × 4 attempts. Timeout innermost
        // lets it count them: it opens after 3, and later attempts cost the downstream only half-open probes: 5 calls.
        var hidden = Run(c => Policy.Pipeline(Retry(c), Timeout(c, 1), Breaker(c)), calls: 2, hangs: true);
        var counted = Run(c => Policy.Pipeline(Retry(c), Breaker(c), Timeout(c, 1)), calls: 2, hangs: true);

        Assert.Equal(8, hidden);
        Assert.Equal(5, counted);
    }

    private static int Run(Func<FakeTimeProvider, Policy> pipeline, int calls, bool hangs)
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        Downstream.DriveSequentially(clock, pipeline(clock).Wrap(hangs ? downstream.Hangs() : downstream.Scripted(Fail)), calls);
        return downstream.Calls;
    }
}
