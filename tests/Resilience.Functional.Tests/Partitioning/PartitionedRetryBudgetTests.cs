using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionedRetryBudgetTests
{
    private readonly FakeTimeProvider clock = new();

    private PartitionedRetryBudget<string> Make(int max = 100) =>
        new(_ => new TokenRatioRetryBudget(maxTokens: 10, tokenRatio: 0.1), new PartitionOptions { MaxPartitions = max, TimeProvider = clock });

    private RetryOptions Options => new() { Backoff = Backoff.Immediate.MaxRetries(3), TimeProvider = clock };

    private static Func<CancellationToken, ValueTask<Either<Error, int>>> Failing(Action onCall) =>
        Op.Of(_ =>
        {
            onCall();
            return Outcome.Failure<int>(new HttpStatusError(503));
        });

    [Fact]
    public async Task One_key_s_retry_storm_empties_only_its_own_budget()
    {
        var budgets = Make();
        var noisyCalls = 0;
        for (var i = 0; i < 5; i++)
        {
            await Failing(() => noisyCalls++).WithRetry(Options, budgets, "noisy")(CancellationToken.None);
        }

        var quietCalls = 0;
        var noisy = await Failing(() => noisyCalls++).WithRetry(Options, budgets, "noisy")(CancellationToken.None);
        var quiet = await Failing(() => quietCalls++).WithRetry(Options, budgets, "quiet")(CancellationToken.None);

        Assert.IsType<RetryBudgetExhaustedError>((Error)noisy);
        Assert.IsType<RetriesExhaustedError>((Error)quiet);
        Assert.Equal(4, quietCalls);
        Assert.True(budgets.Partitions.Find("noisy").Map(b => b.IsExhausted).IfNone(false));
        Assert.True(budgets.For("noisy").IsExhausted);
        Assert.False(budgets.For("never-seen").IsExhausted);
    }

    [Fact]
    public async Task An_exhausted_budget_stays_under_eviction_pressure_and_a_key_without_a_partition_is_refused_its_retries()
    {
        var budgets = Make(max: 1);
        for (var i = 0; i < 5; i++)
        {
            await Failing(() => { }).WithRetry(Options, budgets, "noisy")(CancellationToken.None);
        }

        var calls = 0;
        var other = await Failing(() => calls++).WithRetry(Options, budgets, "other")(CancellationToken.None);

        Assert.IsType<RetryBudgetExhaustedError>((Error)other);
        Assert.Equal(1, calls);
        Assert.True(budgets.Partitions.Find("noisy").IsSome);
        var health = HealthCheck.ForRetryBudgets("budgets", budgets).Check(CancellationToken.None).AsTask().Result.Match(Right: r => r, Left: e => throw new InvalidOperationException(e.Message));
        Assert.Equal(HealthState.Unhealthy, health.State);
    }
}
