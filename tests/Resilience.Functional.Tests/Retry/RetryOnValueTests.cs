using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class RetryOnValueTests
{
    private sealed record Page(int Number, int Items);

    private static RetryOptions Immediate(int retries) => new() { Backoff = Backoff.Immediate.MaxRetries(retries), TimeProvider = new FakeTimeProvider() };

    /// <summary>An operation returning the scripted outcomes in turn (the last one again once they run out).</summary>
    private static Func<CancellationToken, ValueTask<Either<Error, Page>>> Scripted(List<int> calls, params Either<Error, Page>[] outcomes) =>
        _ =>
        {
            calls.Add(calls.Count);
            return new ValueTask<Either<Error, Page>>(outcomes[Math.Min(calls.Count, outcomes.Length) - 1]);
        };

    private static Either<Error, Page> Items(int number, int items) => Right<Error, Page>(new Page(number, items));

    [Fact]
    public void A_value_the_predicate_accepts_is_returned_at_once()
    {
        var calls = new List<int>();

        Assert.Equal(Items(1, 5), Scripted(calls, Items(1, 5)).WithRetry(Immediate(3), page => page.Items == 0).RunSync());
        Assert.Single(calls);
    }

    [Fact]
    public void A_value_the_predicate_rejects_is_retried_until_one_is_accepted()
    {
        var calls = new List<int>();
        var op = Scripted(calls, Items(1, 0), Items(2, 0), Items(3, 4));

        Assert.Equal(Items(3, 4), op.WithRetry(Immediate(3), page => page.Items == 0).RunSync());
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public void Values_and_errors_are_retried_alike_and_exhaustion_keeps_every_value()
    {
        var calls = new List<int>();
        var timeout = new TimeoutError(TimeSpan.FromSeconds(1));
        var op = Scripted(calls, Items(1, 0), Left<Error, Page>(timeout), Items(3, 0));

        var error = (Error)op.WithRetry(Immediate(2), page => page.Items == 0).RunSync();

        var exhausted = Assert.IsType<RetriesExhaustedError>(error);
        Assert.Equal(
            [new RetryableValueError<Page>(new Page(1, 0)), timeout, new RetryableValueError<Page>(new Page(3, 0))],
            exhausted.Attempts.ToArray());
        Assert.Equal(Some(new Page(3, 0)), error.RetriedValue<Page>());
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public void RetriedValue_finds_the_newest_value_in_each_error_a_retry_returns()
    {
        var older = new RetryableValueError<Page>(new Page(1, 0));
        var newer = new RetryableValueError<Page>(new Page(2, 0));
        var timeout = new TimeoutError(TimeSpan.FromSeconds(1));

        Assert.Equal(Some(new Page(2, 0)), new RetriesExhaustedError(Seq<Error>(older, newer, timeout)).RetriedValue<Page>());
        Assert.Equal(Some(new Page(1, 0)), new RetryBudgetExhaustedError(older).RetriedValue<Page>());
        Assert.Equal(Some(new Page(2, 0)), ((Error)newer).RetriedValue<Page>());
        Assert.Equal(Option<Page>.None, ((Error)timeout).RetriedValue<Page>());
        Assert.Equal(Option<int>.None, ((Error)newer).RetriedValue<int>());
    }

    [Fact]
    public void A_refusing_budget_returns_the_value_in_its_error()
    {
        var calls = new List<int>();
        var options = Immediate(3) with { Budget = new TokenRatioRetryBudget(2, 0.1) };

        var error = (Error)Scripted(calls, Items(1, 0)).WithRetry(options, page => page.Items == 0).RunSync();

        Assert.Equal(new RetryBudgetExhaustedError(new RetryableValueError<Page>(new Page(1, 0))), error);
    }

    [Fact]
    public void The_classifier_decides_whether_a_rejected_value_is_worth_a_retry()
    {
        var calls = new List<int>();
        var options = Immediate(3) with { Classifier = ErrorClassifier.Default.Except(e => e is RetryableValueError) };

        var error = (Error)Scripted(calls, Items(1, 0)).WithRetry(options, page => page.Items == 0).RunSync();

        Assert.Equal(new RetryableValueError<Page>(new Page(1, 0)), error);
        Assert.Single(calls);
        Assert.True(ErrorClassifier.Default.IsTransient(error));
        Assert.Equal(ErrorCodes.RetryableValue, error.Code);
    }

    [Fact]
    public void A_throwing_predicate_gives_its_exception_as_the_attempts_error()
    {
        var calls = new List<int>();

        var error = (Error)Scripted(calls, Items(1, 0)).WithRetry(Immediate(3), _ => throw new InvalidOperationException("bug")).RunSync();

        Assert.IsType<InvalidOperationException>(error.ToException());
        Assert.Single(calls);
    }

    [Fact]
    public async Task A_pending_rejected_value_is_retried_after_the_wait()
    {
        var clock = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(async _ =>
        {
            await Task.Yield();
            return ++runs;
        });
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3), TimeProvider = clock, OnRetry = _ => clock.Advance(TimeSpan.FromSeconds(1)) };

        Assert.Equal(Right<Error, int>(3), await op.WithRetry(options, n => n < 3).Run(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Success_with_a_value_predicate_allocates_nothing()
    {
        var retried = Op.Succeed(42).WithRetry(new RetryOptions { OnRetry = _ => { } }, value => value < 0);

        Assert.Equal(0, Allocations.LeastPerRound(() => _ = retried(CancellationToken.None).Result));
    }

    [Fact]
    public void A_null_predicate_is_rejected_when_applied() =>
        Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithRetry(new RetryOptions(), (Func<int, bool>)null!));
}
