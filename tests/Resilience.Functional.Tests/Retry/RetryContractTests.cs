using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// What a retry promises its caller and a budget it is given: every attempt's error, the budget's calls, its errors'
/// texts, its schedule's limits on a fake clock, and never resuming on the caller's synchronization context.
/// </summary>
public class RetryContractTests
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Exhausted_retries_keep_every_attempts_error_in_order_however_many_there_are()
    {
        var attempt = 0;
        var errors = Enumerable.Range(1, 12).Select(i => (Error)new HttpStatusError(500 + i)).ToArray();
        var failing = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(errors[attempt++]));

        var result = await failing.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(11) })(CancellationToken.None);

        var exhausted = Assert.IsType<RetriesExhaustedError>(result.LeftToSeq().Single());
        Assert.Equal(errors, exhausted.Attempts.ToArray());
    }

    [Fact]
    public async Task A_budget_hears_of_every_call_every_failed_attempt_and_every_success()
    {
        var budget = new Counting();
        var attempt = 0;
        var recovers = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(++attempt < 3 ? Transient : 7));
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Budget = budget };

        Assert.Equal(Right<Error, int>(1), await Op.Succeed(1).WithRetry(options)(CancellationToken.None));
        Assert.Equal((1, 0, 1, 0), (budget.Deposits, budget.Withdrawals, budget.Successes, budget.Failures));

        Assert.Equal(Right<Error, int>(7), await recovers.WithRetry(options)(CancellationToken.None));
        Assert.Equal((2, 2, 2, 2), (budget.Deposits, budget.Withdrawals, budget.Successes, budget.Failures));
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_call_runs_nothing_and_deposits_nothing()
    {
        var budget = new Counting();
        var runs = 0;
        var op = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(++runs));

        var result = await op.WithRetry(new RetryOptions { Budget = budget })(new CancellationToken(canceled: true));

        Assert.Equal(Left<Error, int>(CancelledError.Instance), result);
        Assert.Equal((0, 0, 0), (runs, budget.Deposits, budget.Successes));
    }

    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var op = Op.Succeed(1);
        var options = new RetryOptions();

        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => RetryExtensions.WithRetry<int>(null!, options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => op.WithRetry(null!)).ParamName);
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => RetryExtensions.WithRetry<int>(null!, options, v => v == 0)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => op.WithRetry(null!, v => v == 0)).ParamName);
        Assert.Equal("retryWhen", Assert.Throws<ArgumentNullException>(() => op.WithRetry(options, null!)).ParamName);
    }

    [Fact]
    public void A_refusing_budget_returns_an_error_that_says_so_and_names_the_last_failure()
    {
        var failure = new HttpStatusError(503);
        var op = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(failure));

        var result = op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3), Budget = new Refusing() }).RunSync();

        var refused = Assert.IsType<RetryBudgetExhaustedError>((Error)result);
        Assert.Equal($"The retry budget is exhausted; last failure: {failure.Message}", refused.Message);
    }

    [Fact]
    public void A_rejected_value_is_named_in_its_attempts_error_message()
    {
        var result = Op.Succeed(0).WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1) }, v => v == 0).RunSync();

        var exhausted = Assert.IsType<RetriesExhaustedError>((Error)result);
        Assert.All(exhausted.Attempts, e => Assert.Equal("The retry's predicate asked to retry the value 0.", e.Message));
    }

    [Fact]
    public void A_budget_that_reports_only_whether_it_is_exhausted_has_an_exhaustion_of_one_or_zero()
    {
        Assert.Equal(1, new Refusing().Exhaustion);
        Assert.Equal(0, new Counting().Exhaustion);
    }

    [Fact]
    public void A_backoff_that_throws_ends_the_retry_with_its_exception()
    {
        var boom = new InvalidOperationException("schedule broke");
        var runs = 0;
        var op = Op.Of<int>(_ =>
        {
            runs++;
            return new ValueTask<Either<Error, int>>(Transient);
        });

        var result = op.WithRetry(new RetryOptions { Backoff = Backoff.FromFunction(_ => throw boom, "throws") }).RunSync();

        Assert.Same(boom, ((Error)result).ToException());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_retry_whose_attempt_goes_asynchronous_after_a_synchronous_failure_returns_that_attempts_result()
    {
        var runs = 0;
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var op = Op.Of<int>(_ => ++runs switch
        {
            1 => new ValueTask<Either<Error, int>>(Transient),
            2 => new ValueTask<Either<Error, int>>(later.Task),
            _ => new ValueTask<Either<Error, int>>(runs),
        });

        var run = op.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(3) })(CancellationToken.None).AsTask();
        Assert.False(run.IsCompleted);
        later.SetResult(Transient);

        Assert.Equal(3, (int)await run);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task An_elapsed_time_limit_counts_from_the_first_attempt_on_the_retrys_clock()
    {
        // Each retry's wait is advanced by the observer (the wait is armed before it is told): with 1 s waits and a
        // 2.5 s limit, the attempts run at 0 s, 1 s and 2 s, and the third failure would be retried at 3 s.
        var time = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs <= 10 ? new ValueTask<Either<Error, int>>(Transient) : new ValueTask<Either<Error, int>>(runs));
        var options = new RetryOptions
        {
            Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxElapsed(TimeSpan.FromSeconds(2.5)),
            TimeProvider = time,
            OnRetry = r => time.Advance(r.Delay),
        };

        var result = await op.WithRetry(options)(CancellationToken.None);

        Assert.Equal(3, Assert.IsType<RetriesExhaustedError>((Error)result).Attempts.Count);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_retry_after_hint_as_long_as_the_time_the_schedule_has_left_is_waited()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? new ValueTask<Either<Error, int>>(new RateLimitedError(TimeSpan.FromSeconds(2))) : new ValueTask<Either<Error, int>>(runs));
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxElapsed(TimeSpan.FromSeconds(2)), TimeProvider = time };

        var run = op.WithRetry(options)(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal(1, runs);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(2, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    // An intersection can decide a wait longer than what its MaxElapsed leaves; a hint that does not raise that wait is
    // not the one that has to fit, so the schedule's own decision stands (docs/retry.md).
    [Fact]
    public async Task A_retry_after_hint_no_longer_than_the_schedules_own_wait_leaves_its_decision_as_it_is()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? new ValueTask<Either<Error, int>>(new RateLimitedError(TimeSpan.FromSeconds(5))) : new ValueTask<Either<Error, int>>(runs));
        var backoff = Backoff.Constant(TimeSpan.FromSeconds(5)) & Backoff.Constant(TimeSpan.FromMilliseconds(100)).MaxElapsed(TimeSpan.FromSeconds(2));
        var options = new RetryOptions { Backoff = backoff, TimeProvider = time };

        var run = op.WithRetry(options)(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(1, runs);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(2, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_long_retry_keeps_its_attempts_errors_in_memory_in_proportion_to_their_number()
    {
        // 24 failed attempts: the errors beyond the first four grow an array by doubling, a few hundred bytes in all.
        var errors = Enumerable.Range(0, 24).Select(i => (Error)new HttpStatusError(500 + i)).ToArray();
        var attempt = 0;
        var failing = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(errors[attempt++ % errors.Length]));
        var retried = failing.WithRetry(new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(23) });

        var bytes = Allocations.LeastPerRound(() => _ = retried(CancellationToken.None).Result, calls: 1, rounds: 3);

        Assert.InRange(bytes, 0, 16 * 1024);
    }

    [Fact]
    public async Task A_retry_waiting_after_a_synchronous_failure_does_not_resume_on_the_callers_synchronization_context()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? new ValueTask<Either<Error, int>>(Transient) : new ValueTask<Either<Error, int>>(runs));
        var retried = op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(1), TimeProvider = time });
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => retried(CancellationToken.None).AsTask());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_retry_whose_wait_ends_at_once_and_whose_attempt_is_pending_does_not_resume_on_the_callers_synchronization_context()
    {
        var time = new FakeTimeProvider();
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? new ValueTask<Either<Error, int>>(Transient) : new ValueTask<Either<Error, int>>(later.Task));
        // The observer advances the fake clock past the wait it is told of, so the wait has ended when the retry awaits it.
        var retried = op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(1), TimeProvider = time, OnRetry = r => time.Advance(r.Delay) });
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => retried(CancellationToken.None).AsTask());
        later.SetResult(7);

        Assert.Equal(7, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_pending_first_attempt_does_not_resume_on_the_callers_synchronization_context()
    {
        var later = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var retried = Op.Of<int>(_ => new ValueTask<Either<Error, int>>(later.Task)).WithRetry(new RetryOptions());
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => retried(CancellationToken.None).AsTask());
        later.SetResult(7);

        Assert.Equal(7, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_retry_waiting_after_a_faulted_attempt_does_not_resume_on_the_callers_synchronization_context()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var op = Op.Of<int>(_ => ++runs == 1 ? ValueTask.FromException<Either<Error, int>>(new IOException("reset")) : new ValueTask<Either<Error, int>>(runs));
        var retried = op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(1), TimeProvider = time });
        var context = new CountingSynchronizationContext();

        var run = context.Install(() => retried(CancellationToken.None).AsTask());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (int)await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, context.Posts);
    }

    private sealed class Refusing : RetryBudget
    {
        public override bool IsExhausted => true;

        public override void Deposit()
        {
        }

        public override bool TryWithdraw() => false;
    }

    private sealed class Counting : RetryBudget
    {
        public int Deposits { get; private set; }

        public int Withdrawals { get; private set; }

        public int Successes { get; private set; }

        public int Failures { get; private set; }

        public override bool IsExhausted => false;

        public override void Deposit() => Deposits++;

        public override bool TryWithdraw()
        {
            Withdrawals++;
            return true;
        }

        public override void RecordSuccess() => Successes++;

        public override void RecordFailure() => Failures++;
    }
}
