using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class RetryTests
{
    private static readonly TimeoutError Transient = new(TimeSpan.FromSeconds(1));

    /// <summary>An operation that fails with the given errors in turn, then succeeds with the number of calls.</summary>
    private sealed class Script(params Error[] failures)
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Func<CancellationToken, ValueTask<Either<Error, int>>> Op => _ =>
        {
            var n = Interlocked.Increment(ref calls);
            return n <= failures.Length ? Outcome.Failure<int>(failures[n - 1]) : Outcome.Success(n);
        };
    }

    private static void WaitUntil(Func<bool> condition) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), "condition not reached (safety net)");

    [Fact]
    public async Task Waits_exactly_the_seeded_schedule_between_attempts()
    {
        var time = new FakeTimeProvider();
        var backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(100)).FullJitter().MaxRetries(4);
        var expected = backoff.Take(4, 42);
        var seen = new List<RetryEvent>();
        var script = new Script(Transient, Transient, Transient, Transient);
        var retried = script.Op.WithRetry(new RetryOptions
        {
            Backoff = backoff, TimeProvider = time, Random = new Random(42), OnRetry = seen.Add,
        });

        var run = retried(CancellationToken.None).AsTask();
        for (var i = 0; i < expected.Count; i++)
        {
            WaitUntil(() => seen.Count == i + 1);
            Assert.Equal(expected[i], seen[i].Delay);
            Assert.Equal(i + 1, seen[i].Attempt);
            time.Advance(expected[i] - TimeSpan.FromTicks(1));
            Assert.Equal(i + 1, script.Calls);
            time.Advance(TimeSpan.FromTicks(1));
            WaitUntil(() => script.Calls == i + 2);
        }

        Assert.Equal(5, (int)await run);
    }

    [Fact]
    public void Permanent_errors_are_returned_unchanged_without_retrying()
    {
        var notFound = new HttpStatusError(404);
        var script = new Script(notFound);

        var outcome = script.Op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(5) }).RunSync();

        Assert.Same(notFound, (Error)outcome);
        Assert.Equal(1, script.Calls);
    }

    [Fact]
    public void Retries_exhausted_carries_every_attempts_error()
    {
        var errors = new Error[] { new TimeoutError(TimeSpan.FromSeconds(1)), new HttpStatusError(503), new TimeoutError(TimeSpan.FromSeconds(3)), Transient };
        var script = new Script(errors);

        var outcome = script.Op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2) }).RunSync();

        var exhausted = Assert.IsType<RetriesExhaustedError>((Error)outcome);
        Assert.Equal(errors.Take(3), exhausted.Attempts);
        Assert.Equal(3, script.Calls);
    }

    [Fact]
    public async Task A_retry_after_hint_raises_the_delay()
    {
        var time = new FakeTimeProvider();
        var script = new Script(new RateLimitedError(TimeSpan.FromSeconds(5)));
        var run = script.Op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = time })(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(1, script.Calls);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(2, (int)await run);
    }

    [Fact]
    public void A_retry_after_hint_beyond_the_elapsed_budget_stops()
    {
        var script = new Script(new HttpStatusError(503, TimeSpan.FromSeconds(5)));
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxElapsed(TimeSpan.FromSeconds(2)), TimeProvider = new FakeTimeProvider() };

        var outcome = script.Op.WithRetry(options).RunSync();

        Assert.IsType<RetriesExhaustedError>((Error)outcome);
        Assert.Equal(1, script.Calls);
    }

    [Fact]
    public void An_isolated_circuit_is_not_waited_out()
    {
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = new FakeTimeProvider() });
        breaker.Isolate();
        var script = new Script(Transient);
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxRetries(3), TimeProvider = new FakeTimeProvider() };

        var outcome = script.Op.WithCircuitBreaker(breaker).WithRetry(options).RunSync();

        var exhausted = Assert.IsType<RetriesExhaustedError>((Error)outcome);
        Assert.IsType<CircuitOpenError>(exhausted.Attempts.Single());
        Assert.Equal(0, script.Calls);
    }

    [Fact]
    public async Task Cancellation_during_a_wait_returns_at_once_without_another_attempt()
    {
        var time = new FakeTimeProvider();
        var script = new Script(Transient, Transient);
        using var cts = new CancellationTokenSource();
        var run = script.Op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(10)), TimeProvider = time })(cts.Token).AsTask();

        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Same(CancelledError.Instance, (Error)outcome);
        Assert.Equal(1, script.Calls);
    }

    [Fact]
    public void A_token_cancelled_before_the_call_runs_nothing()
    {
        var script = new Script();

        var outcome = script.Op.WithRetry(new RetryOptions()).RunSync(new CancellationToken(true));

        Assert.Same(CancelledError.Instance, (Error)outcome);
        Assert.Equal(0, script.Calls);
    }

    [Fact]
    public void Transient_exceptions_are_retried_and_permanent_ones_returned_at_once()
    {
        var calls = 0;
        var flaky = Op.FromFunc<int>(_ => ++calls == 1 ? throw new IOException("reset") : calls);
        Assert.Equal(2, (int)flaky.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3) }).RunSync());

        var bugs = 0;
        var buggy = Op.Of<int>(_ => { bugs++; throw new ArgumentException("bad"); });
        var outcome = buggy.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3) }).RunSync();
        Assert.IsType<ArgumentException>(((Error)outcome).ToException());
        Assert.Equal(1, bugs);
    }

    [Fact]
    public void A_bottom_result_becomes_the_bottom_error_and_never_escapes()
    {
        var calls = 0;
        var bottom = Op.Of<int>(_ => { calls++; return new ValueTask<Either<Error, int>>(default(Either<Error, int>)); });

        var permanent = bottom.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Classifier = ErrorClassifier.Create(_ => false) }).RunSync();
        var retried = bottom.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(2), Classifier = ErrorClassifier.Create(_ => true) }).RunSync();

        Assert.Same(Errors.Bottom, (Error)permanent);
        Assert.Equal(new[] { Errors.Bottom, Errors.Bottom, Errors.Bottom }, Assert.IsType<RetriesExhaustedError>((Error)retried).Attempts);
        Assert.Equal(4, calls);
    }

    [Fact]
    public void The_classifier_can_be_replaced_per_retry()
    {
        var script = new Script(new HttpStatusError(404));
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), Classifier = ErrorClassifier.Create(e => e is HttpStatusError) };

        Assert.Equal(2, (int)script.Op.WithRetry(options).RunSync());
    }

    [Fact]
    public async Task Asynchronous_failures_are_retried()
    {
        var calls = 0;
        var op = Op.Of<int>(async _ =>
        {
            await Task.Yield();
            return ++calls < 3 ? Either<Error, int>.Left(Transient) : Either<Error, int>.Right(calls);
        });

        Assert.Equal(3, (int)await op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(5) })(CancellationToken.None));
    }

    [Fact]
    public void An_exhausted_budget_returns_the_failure_without_waiting()
    {
        var budget = new TokenRatioRetryBudget(2, 0.5);
        budget.RecordFailure();
        var script = new Script(Transient);
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromHours(1)), Budget = budget, TimeProvider = new FakeTimeProvider() };

        var outcome = script.Op.WithRetry(options).RunSync();

        Assert.Equal(new RetryBudgetExhaustedError(Transient), (Error)outcome);
        Assert.Equal(1, script.Calls);
    }

    [Fact]
    public void A_throwing_callback_does_not_change_the_outcome()
    {
        var script = new Script(Transient);
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), OnRetry = _ => throw new InvalidOperationException() };

        Assert.Equal(2, (int)script.Op.WithRetry(options).RunSync());
    }

    [Fact]
    public void Success_on_the_first_try_allocates_nothing()
    {
        var retried = Op.Succeed(42).WithRetry(new RetryOptions { OnRetry = _ => { } });

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = retried(CancellationToken.None).Result));
    }

    public static TheoryData<string, Func<RetryOptions>> BadOptions => new()
    {
        { "Backoff", () => new RetryOptions { Backoff = null! } },
        { "Classifier", () => new RetryOptions { Classifier = null! } },
        { "TimeProvider", () => new RetryOptions { TimeProvider = null! } },
        { "Random", () => new RetryOptions { Random = null! } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_fail_when_built(string parameter, Func<RetryOptions> build) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(build).ParamName);
}
