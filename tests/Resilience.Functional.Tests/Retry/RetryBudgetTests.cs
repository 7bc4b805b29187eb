using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

public class RetryBudgetTests
{
    [Fact]
    public void Token_ratio_budget_follows_grpc_throttling()
    {
        var budget = new TokenRatioRetryBudget(10, 0.5);
        Assert.Equal(10, budget.Tokens);

        for (var i = 0; i < 4; i++)
        {
            budget.RecordFailure();
        }

        Assert.True(budget.TryWithdraw());
        budget.RecordFailure();
        Assert.Equal(5, budget.Tokens);
        Assert.False(budget.TryWithdraw());
        Assert.True(budget.IsExhausted);
        budget.RecordSuccess();
        Assert.True(budget.TryWithdraw());
        for (var i = 0; i < 100; i++)
        {
            budget.RecordSuccess();
        }

        Assert.Equal(10, budget.Tokens);
        for (var i = 0; i < 100; i++)
        {
            budget.RecordFailure();
        }

        Assert.Equal(0, budget.Tokens);
    }

    [Fact]
    public void Token_ratio_budget_stays_within_bounds_under_concurrency()
    {
        var budget = new TokenRatioRetryBudget(50, 0.3);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            for (var i = 0; i < 20_000 && !safety.IsCancellationRequested; i++)
            {
                if (random.Next(3) == 0)
                {
                    budget.RecordFailure();
                }
                else
                {
                    budget.RecordSuccess();
                }

                Assert.InRange(budget.Tokens, 0, 50);
            }
        })).ToArray();

        Task.WaitAll(workers);
        Assert.InRange(budget.Tokens, 0, 50);
    }

    [Fact]
    public void Percent_budget_pays_a_ratio_of_requests_and_deposits_expire()
    {
        var time = new FakeTimeProvider();
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.5, MinRetriesPerSecond = 0, TimeProvider = time });

        Assert.False(budget.TryWithdraw());
        for (var i = 0; i < 10; i++)
        {
            budget.Deposit();
        }

        Assert.Equal(5, budget.Balance);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Enumerable.Repeat(true, 5), Enumerable.Range(0, 5).Select(_ => budget.TryWithdraw()));
        Assert.False(budget.TryWithdraw());
        Assert.True(budget.IsExhausted);

        budget.Deposit();
        budget.Deposit();
        Assert.Equal(1, budget.Balance);

        // At 10 s the first deposits have expired, but they were spent by the retries at 5 s, which left no debt.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, budget.Balance);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, budget.Balance);
    }

    [Fact]
    public void Percent_budget_keeps_its_reserve_for_a_lone_call_after_a_burst_of_slow_calls()
    {
        var time = new FakeTimeProvider();
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.2, MinRetriesPerSecond = 1, Ttl = TimeSpan.FromSeconds(10), TimeProvider = time });

        // 150 slow calls start at once and pay for 30 retries; 5 s later 30 of them fail and retry.
        for (var i = 0; i < 150; i++)
        {
            budget.Deposit();
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(30, Enumerable.Range(0, 30).Count(_ => budget.TryWithdraw()));
        Assert.Equal(10, budget.Balance, 9);

        // Their deposits expire; the retries they paid for must not eat into the reserve.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(10, budget.Balance, 9);
        budget.Deposit();
        Assert.True(budget.TryWithdraw());
    }

    [Fact]
    public void Percent_budget_spends_deposits_before_the_reserve_and_the_reserve_comes_back_after_the_ttl()
    {
        var time = new FakeTimeProvider();
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.5, MinRetriesPerSecond = 0.2, Ttl = TimeSpan.FromSeconds(10), TimeProvider = time });
        for (var i = 0; i < 4; i++)
        {
            budget.Deposit();
        }

        Assert.Equal(4, budget.Balance, 9);
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => budget.TryWithdraw()));
        Assert.Equal(0, budget.Balance, 9);

        // The two deposit-paid retries are gone with their deposits; the two reserve-paid ones hold the reserve for a Ttl.
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(budget.TryWithdraw());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, budget.Balance, 9);
    }

    [Fact]
    public void Percent_budget_keeps_a_reserve_of_minimum_retries_per_second()
    {
        var time = new FakeTimeProvider();
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { MinRetriesPerSecond = 1, Ttl = TimeSpan.FromSeconds(10), TimeProvider = time });

        Assert.Equal(10, budget.Reserve);
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => budget.TryWithdraw()));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(10, budget.Balance);
    }

    [Fact]
    public async Task Budget_stops_retries_at_the_configured_ratio_across_concurrent_callers()
    {
        const int Callers = 1000;
        var budget = new PercentRetryBudget(new PercentRetryBudgetOptions { RetryRatio = 0.25, MinRetriesPerSecond = 0, TimeProvider = new FakeTimeProvider() });
        var options = new RetryOptions { Backoff = Backoff.Immediate.MaxRetries(1), Budget = budget };
        var retries = 0;
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            var calls = 0;
            var op = Op.Of<int>(_ =>
            {
                if (++calls == 2)
                {
                    Interlocked.Increment(ref retries);
                }

                return calls == 1 ? Outcome.Failure<int>(new TimeoutError(TimeSpan.Zero)) : Outcome.Success(calls);
            });
            return await op.WithRetry(options)(safety.Token);
        })));

        Assert.Equal(Callers / 4, retries);
        Assert.Equal(Callers / 4, outcomes.Count(o => o.IsRight));
        Assert.Equal(Callers * 3 / 4, outcomes.Count(o => o.IsLeft && (Error)o is RetryBudgetExhaustedError));
        Assert.Equal(0, budget.Balance);
    }

    public static TheoryData<string, Action> BadBudgets => new()
    {
        { "maxTokens", () => new TokenRatioRetryBudget(0, 0.5) },
        { "maxTokens", () => new TokenRatioRetryBudget(1001, 0.5) },
        { "maxTokens", () => new TokenRatioRetryBudget(double.NaN, 0.5) },
        { "tokenRatio", () => new TokenRatioRetryBudget(10, 0) },
        { "tokenRatio", () => new TokenRatioRetryBudget(10, 1.5) },
        { "Ttl", () => _ = new PercentRetryBudgetOptions { Ttl = TimeSpan.FromMilliseconds(999) } },
        { "Ttl", () => _ = new PercentRetryBudgetOptions { Ttl = TimeSpan.FromSeconds(61) } },
        { "MinRetriesPerSecond", () => _ = new PercentRetryBudgetOptions { MinRetriesPerSecond = -1 } },
        { "RetryRatio", () => _ = new PercentRetryBudgetOptions { RetryRatio = double.NaN } },
        { "RetryRatio", () => _ = new PercentRetryBudgetOptions { RetryRatio = 11 } },
        { "TimeProvider", () => _ = new PercentRetryBudgetOptions { TimeProvider = null! } },
    };

    [Theory]
    [MemberData(nameof(BadBudgets))]
    public void Bad_budget_settings_fail_at_construction(string parameter, Action build) =>
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(build).ParamName);
}
