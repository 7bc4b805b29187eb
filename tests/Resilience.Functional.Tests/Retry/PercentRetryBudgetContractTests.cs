using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>
/// What a percent budget reports and pays, second by second on a fake clock: a Ttl of 10 s counted in 1 s slices,
/// a reserve of 2 retries, and a whole retry deposited per call unless said otherwise.
/// </summary>
public class PercentRetryBudgetContractTests
{
    private readonly FakeTimeProvider time = new();

    private PercentRetryBudget Create(double retryRatio = 1) =>
        new(new PercentRetryBudgetOptions { Ttl = TimeSpan.FromSeconds(10), MinRetriesPerSecond = 0.2, RetryRatio = retryRatio, TimeProvider = time });

    [Fact]
    public void A_null_options_is_rejected_with_its_name() =>
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new PercentRetryBudget(null!)).ParamName);

    [Fact]
    public void A_balance_of_exactly_one_retry_still_pays_for_it_and_is_half_the_reserve_used()
    {
        var budget = Create(retryRatio: 0);
        Assert.True(budget.TryWithdraw());

        Assert.Equal(1, budget.Balance);
        Assert.False(budget.IsExhausted);
        Assert.Equal(0.5, budget.Exhaustion);
        Assert.True(budget.TryWithdraw());
        Assert.True(budget.IsExhausted);
        Assert.Equal(1, budget.Exhaustion);
    }

    [Fact]
    public void A_balance_below_one_retry_is_fully_exhausted_even_when_the_reserve_is_not_all_spent()
    {
        var budget = Create(retryRatio: 0.5);
        Assert.True(budget.TryWithdraw());
        Assert.True(budget.TryWithdraw());
        budget.Deposit();

        Assert.Equal(0.5, budget.Balance);
        Assert.True(budget.IsExhausted);
        Assert.Equal(1, budget.Exhaustion);
        Assert.False(budget.TryWithdraw());
    }

    [Fact]
    public void A_retry_is_paid_by_an_earlier_slices_deposit_so_the_reserve_is_whole_once_that_deposit_expires()
    {
        var budget = Create();
        time.Advance(TimeSpan.FromSeconds(1));
        budget.Deposit();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(budget.TryWithdraw());
        Assert.Equal(2, budget.Balance);

        time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(2, budget.Balance);
    }

    [Fact]
    public void A_retry_is_paid_by_the_current_slices_deposit_so_a_later_retry_draws_on_the_reserve_for_a_whole_ttl()
    {
        var budget = Create();
        budget.Deposit();
        Assert.True(budget.TryWithdraw());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(budget.TryWithdraw());
        Assert.Equal(1, budget.Balance);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, budget.Balance);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, budget.Balance);
    }

    [Fact]
    public void An_expired_deposit_pays_for_no_retry()
    {
        var budget = Create();
        budget.Deposit();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, budget.Balance);

        Assert.True(budget.TryWithdraw());

        Assert.Equal(1, budget.Balance);
    }
}
