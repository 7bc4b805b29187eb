using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class StandardPipelineTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);

    [Fact]
    public void Describes_its_layers_in_order_with_their_settings()
    {
        Assert.Equal(
            """
            standard: pipeline of 5 layer(s), outermost first
              1. rate-limiter: TokenBucket(1000 per 1s, burst 1000, no wait)
              2. total-timeout: Timeout(30s, Cooperative)
              3. retry: Retry(backoff Exponential(200ms, x2).CapDelay(30s).FullJitter().MaxRetries(3), budget Percent(ratio 0.2, min 10/s, ttl 10s), classifier default (transient only) except CircuitOpenError)
              4. circuit-breaker: CircuitBreaker(opens on failure ratio 0.1 over 30s window, min 100 calls, break Fixed(5s), 1 half-open probe(s), probe timeout 30s)
              5. attempt-timeout: Timeout(10s, Cooperative)
            """.ReplaceLineEndings("\n"),
            Policy.Standard().Describe());
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var defaults = new StandardPipelineOptions();

        Assert.Equal(new TokenBucketOptions { TokensPerPeriod = 1000, Burst = 1000 }, defaults.RateLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.TotalTimeout.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.AttemptTimeout.Timeout);
        Assert.Equal("Exponential(200ms, x2).CapDelay(30s).FullJitter().MaxRetries(3)", defaults.Retry.Backoff.ToString());
        Assert.Same(ErrorClassifier.Default, defaults.Retry.Classifier);
        Assert.Equal(new PercentRetryBudgetOptions(), defaults.RetryBudget);
        Assert.Equal(0.1, defaults.CircuitBreaker.FailureRatio);
        Assert.Null(defaults.CircuitBreaker.ConsecutiveFailures);
        Assert.Equal(100, defaults.CircuitBreaker.MinimumThroughput);
        Assert.Equal(SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10), defaults.CircuitBreaker.Window);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.CircuitBreaker.BreakDuration.For(1));
        Assert.Equal(
            ["rate-limiter", "total-timeout", "retry", "circuit-breaker", "attempt-timeout"],
            Policy.Standard().Layers.Select(l => l.Name));
    }

    [Fact]
    public void Every_part_is_replaceable()
    {
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            RateLimit = null,
            TotalTimeout = new() { Timeout = TimeSpan.FromSeconds(5) },
            Retry = new() { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(50)).MaxRetries(1) },
            RetryBudget = null,
            CircuitBreaker = new() { ConsecutiveFailures = 3 },
            AttemptTimeout = new() { Timeout = TimeSpan.FromSeconds(1), Mode = TimeoutMode.Pessimistic },
        });

        Assert.Equal(
            """
            standard: pipeline of 4 layer(s), outermost first
              1. total-timeout: Timeout(5s, Cooperative)
              2. retry: Retry(backoff Constant(50ms).MaxRetries(1), budget none, classifier default (transient only) except CircuitOpenError)
              3. circuit-breaker: CircuitBreaker(opens on 3 consecutive failures, break Fixed(30s), 1 half-open probe(s), probe timeout 30s)
              4. attempt-timeout: Timeout(1s, Pessimistic)
            """.ReplaceLineEndings("\n"),
            pipeline.Describe());
    }

    [Fact]
    public void An_attempt_timeout_longer_than_the_total_fails_at_construction()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Standard(new StandardPipelineOptions
        {
            AttemptTimeout = new() { Timeout = TimeSpan.FromSeconds(31) },
        }));

        Assert.Equal(nameof(StandardPipelineOptions.AttemptTimeout), ex.ParamName);
        Assert.Contains("at most the total timeout", ex.Message);
    }

    [Fact]
    public void Invalid_breaker_settings_fail_at_construction()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Standard(new StandardPipelineOptions
        {
            CircuitBreaker = new() { FailureRatio = 2 },
        }));

        Assert.Equal(nameof(CircuitBreakerOptions.FailureRatio), ex.ParamName);
    }

    [Fact]
    public void Retries_transient_failures_and_recovers()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions { TimeProvider = clock });

        var (outcomes, _) = Downstream.Drive(clock, pipeline.Wrap(downstream.Scripted(Fail, Fail, Right<Error, int>(42))));

        Assert.Equal(["Right 42"], outcomes);
        Assert.Equal(3, downstream.Calls);
    }

    [Fact]
    public void Does_not_retry_a_permanent_error()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions { TimeProvider = clock });

        var (outcomes, _) = Downstream.Drive(clock, pipeline.Wrap(downstream.Scripted(Left<Error, int>(Downstream.Permanent))));

        Assert.Equal(["Left Expected 400 bad request"], outcomes);
        Assert.Equal(1, downstream.Calls);
    }

    [Fact]
    public void A_hanging_downstream_is_cut_per_attempt_and_retried_until_the_total_timeout()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions { TimeProvider = clock });

        var (outcomes, elapsed) = Downstream.Drive(clock, pipeline.Wrap(downstream.Hangs()));

        Assert.StartsWith("Left TimeoutError", Assert.Single(outcomes));
        Assert.Equal(3, downstream.Calls); // 10 s + wait + 10 s + wait + cut by the 30 s total
        Assert.Equal(TimeSpan.FromSeconds(30), elapsed);
    }

    [Fact]
    public void With_a_longer_total_timeout_the_retries_run_out_first()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            TotalTimeout = new() { Timeout = TimeSpan.FromSeconds(60) },
        });

        var (outcomes, elapsed) = Downstream.Drive(clock, pipeline.Wrap(downstream.Hangs()));

        Assert.StartsWith("Left RetriesExhaustedError", Assert.Single(outcomes));
        Assert.Equal(4, downstream.Calls); // 1 + 3 retries, each cut at 10 s
        Assert.InRange(elapsed, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(42)); // + jittered waits ≤ 1.4 s
    }

    [Fact]
    public void The_rate_limiter_rejects_beyond_its_burst_before_anything_else_runs()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            RateLimit = new() { TokensPerPeriod = 1, Burst = 2 },
        });

        var (outcomes, _) = Downstream.Drive(clock, pipeline.Wrap(downstream.Slow(TimeSpan.FromSeconds(1))), callers: 3);

        Assert.Equal(["Right 42", "Right 42"], outcomes.Take(2));
        Assert.StartsWith("Left RateLimitedError", outcomes[2]);
        Assert.Equal(2, downstream.Calls);
    }

    [Fact]
    public void Behind_an_open_circuit_a_call_fails_at_once_instead_of_waiting_out_the_break()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var dead = downstream.Scripted(Fail);
        var breaker = new CircuitBreaker(new() { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)), TimeProvider = clock });
        var pipeline = Policy.Standard(new StandardPipelineOptions { TimeProvider = clock, SharedCircuitBreaker = breaker });
        Assert.True(dead.WithCircuitBreaker(breaker)(CancellationToken.None).IsCompleted);
        Assert.Equal(CircuitState.Open, breaker.State);

        var (outcomes, elapsed) = Downstream.Drive(clock, pipeline.Wrap(dead), callers: 3);

        Assert.All(outcomes, o => Assert.StartsWith("Left CircuitOpenError", o));
        Assert.Equal(TimeSpan.Zero, elapsed);
        Assert.Equal(1, downstream.Calls);
    }

    [Fact]
    public void A_breaker_that_opens_during_a_call_ends_it_at_the_next_attempt()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            CircuitBreaker = new() { ConsecutiveFailures = 2, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)) },
        });

        var (outcomes, elapsed) = Downstream.Drive(clock, pipeline.Wrap(downstream.Scripted(Fail)));

        Assert.StartsWith("Left CircuitOpenError", Assert.Single(outcomes));
        Assert.Equal(2, downstream.Calls);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // two jittered waits (≤ 200 ms, ≤ 400 ms), no break
    }

    [Fact]
    public async Task A_given_breaker_replaces_the_built_one_so_it_can_be_shared_and_watched()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions());
        var standard = Policy.Standard(new StandardPipelineOptions { SharedCircuitBreaker = breaker, RateLimit = null });
        var calls = 0;
        var guarded = Op.FromFunc(_ => ++calls).WithPolicy(standard);

        Assert.Equal(1, (int)await guarded.Run(CancellationToken.None));
        breaker.Isolate();
        var rejected = await guarded.Run(CancellationToken.None);

        Assert.IsType<CircuitOpenError>((Error)rejected);
        Assert.Equal(1, calls);
        Assert.Equal(CircuitState.Isolated, breaker.State);
    }

    [Fact]
    public void Null_options_are_rejected_by_name_and_an_attempt_timeout_equal_to_the_total_is_allowed()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Policy.Standard(null!)).ParamName);

        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TotalTimeout = new() { Timeout = TimeSpan.FromSeconds(10) },
            AttemptTimeout = new() { Timeout = TimeSpan.FromSeconds(10) },
        });

        Assert.Equal("attempt-timeout: Timeout(10s, Cooperative)", pipeline.Layers[^1].Describe());
    }

    [Fact]
    public void The_given_clock_refills_the_rate_limiter()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            RateLimit = new() { TokensPerPeriod = 1, Burst = 1, Period = TimeSpan.FromHours(1) },
        });
        var guarded = pipeline.Wrap(downstream.Scripted(Right<Error, int>(42)));

        Assert.Equal("Right 42", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        Assert.StartsWith("Left RateLimitedError", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("Right 42", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        Assert.Equal(2, downstream.Calls);
    }

    [Fact]
    public void The_given_clock_ends_the_breakers_break()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            RateLimit = null,
            RetryBudget = null,
            Retry = new() { Backoff = Backoff.Immediate.MaxRetries(1) },
            CircuitBreaker = new() { ConsecutiveFailures = 1, BreakDuration = BreakDuration.Fixed(TimeSpan.FromHours(1)) },
        });
        var guarded = pipeline.Wrap(downstream.Scripted(Fail, Right<Error, int>(42)));

        Assert.StartsWith("Left CircuitOpenError", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("Right 42", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        Assert.Equal(2, downstream.Calls);
    }

    [Fact]
    public void The_given_clock_renews_the_retry_budget()
    {
        var clock = new FakeTimeProvider();
        var downstream = new Downstream(clock);
        var pipeline = Policy.Standard(new StandardPipelineOptions
        {
            TimeProvider = clock,
            RateLimit = null,
            Retry = new() { Backoff = Backoff.Immediate.MaxRetries(3) },
            RetryBudget = new() { RetryRatio = 0, MinRetriesPerSecond = 1.0 / 60, Ttl = TimeSpan.FromMinutes(1) }, // one retry a minute
        });
        var guarded = pipeline.Wrap(downstream.Scripted(Fail));

        Assert.StartsWith("Left RetryBudgetExhaustedError", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        Assert.Equal(2, downstream.Calls);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.StartsWith("Left RetryBudgetExhaustedError", Assert.Single(Downstream.Drive(clock, guarded).Outcomes));
        Assert.Equal(4, downstream.Calls);
    }
}
