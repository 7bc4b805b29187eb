namespace Resilience.Functional.Tests;

/// <summary>What a retry promises its caller and a budget it is given: every attempt's error, and the budget's calls.</summary>
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
