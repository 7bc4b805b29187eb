using Microsoft.Extensions.Time.Testing;
using static Resilience.Functional.Tests.ExtensionPoints;

namespace Resilience.Functional.Tests;

/// <summary>Every extension point a user implements is called as untrusted code: what it throws never escapes.</summary>
public sealed class UntrustedExtensionPointTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);

    /// <summary>Calls the combinator directly (not through Op.Run, which would itself contain a throw).</summary>
    private static Either<Error, int> Call(Func<CancellationToken, ValueTask<Either<Error, int>>> op)
    {
        var pending = op(CancellationToken.None);
        Assert.True(pending.IsCompleted, "the call should not wait");
        return pending.AsTask().GetAwaiter().GetResult();
    }

    private static RetryOptions Retry(RetryBudget budget) =>
        new() { Backoff = Backoff.Immediate.MaxRetries(3), Budget = budget, TimeProvider = new FakeTimeProvider() };

    [Theory]
    [InlineData(nameof(RetryBudget.Deposit))]
    [InlineData(nameof(RetryBudget.RecordSuccess))]
    [InlineData(nameof(RetryBudget.RecordFailure))]
    public void A_budget_whose_bookkeeping_throws_changes_nothing(string failing)
    {
        var downstream = new Downstream(new FakeTimeProvider());

        Assert.Equal(Ok, Call(Op.Succeed(42).WithRetry(Retry(new ThrowingBudget(failing)))));
        Assert.Equal(Ok, Call(downstream.Scripted(Fail, Ok).WithRetry(Retry(new ThrowingBudget(failing)))));
        Assert.Equal(3, downstream.Calls + 1);
    }

    [Fact]
    public void A_budget_whose_withdrawal_throws_refuses_the_retry()
    {
        var downstream = new Downstream(new FakeTimeProvider());

        var result = Call(downstream.Scripted(Fail, Ok).WithRetry(Retry(new ThrowingBudget(nameof(RetryBudget.TryWithdraw)))));

        Assert.Equal(Downstream.Transient, Assert.IsType<RetryBudgetExhaustedError>((Error)result).Failure);
        Assert.Equal(1, downstream.Calls);
    }

    [Fact]
    public void A_retry_after_hint_that_throws_is_no_hint()
    {
        var calls = 0;
        var op = Op.Of(_ => ++calls == 1 ? new(Left<Error, int>(new BrokenHintError())) : new ValueTask<Either<Error, int>>(Ok));
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), Classifier = Everything, TimeProvider = new FakeTimeProvider() };

        Assert.Equal(Ok, Call(op.WithRetry(options)));
        Assert.Equal(Option<TimeSpan>.None, new BrokenHintError().RetryAfterHint());
    }

    [Fact]
    public void A_hint_beyond_the_longest_delay_stops_the_retry_as_an_isolated_circuit_does()
    {
        var clock = new FakeTimeProvider();
        var saturated = new CircuitOpenError(TimeSpan.FromDays(365.25 * 5000));
        var calls = 0;
        var op = Op.Of(_ => ++calls == 1 ? new(Left<Error, int>(saturated)) : new ValueTask<Either<Error, int>>(Ok));
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3), TimeProvider = clock };

        var result = Call(op.WithRetry(options));

        Assert.Equal(saturated, Assert.Single(Assert.IsType<RetriesExhaustedError>((Error)result).Attempts));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_hint_within_the_longest_delay_is_still_waited_for()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var op = Op.Of(_ => ++calls == 1 ? new(Left<Error, int>(new CircuitOpenError(OptionGuards.MaxDelay))) : new ValueTask<Either<Error, int>>(Ok));
        var options = new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(3), TimeProvider = clock };

        var pending = op.WithRetry(options)(CancellationToken.None);
        clock.Advance(OptionGuards.MaxDelay - TimeSpan.FromSeconds(1));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        // The wait's completion resumes the retry on the thread pool: poll, with a bound.
        Assert.True(SpinWait.SpinUntil(() => pending.IsCompleted, TimeSpan.FromSeconds(10)));
        Assert.Equal(Ok, pending.Result);
    }

    [Fact]
    public void A_chaos_random_source_that_throws_injects_nothing()
    {
        var chaos = new ChaosController(new ChaosOptions { Random = new ThrowingRandom() });

        Assert.Equal(Ok, Call(Op.Succeed(42).WithChaos(chaos, new ChaosFault(1, Downstream.Permanent))));
        Assert.Equal(Ok, Call(Op.Succeed(42).WithChaos(chaos, new ChaosLatency(1, TimeSpan.FromSeconds(1)))));
    }

    [Fact]
    public void A_lifted_function_that_returns_a_null_task_gives_an_error()
    {
        var lifted = Op.FromTask<int>(_ => null!);

        Assert.Contains("null task", ((Error)Call(lifted)).Message);
    }
}
