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
    [Fact]
    public void A_keys_budget_passes_deposits_and_successes_to_its_own_partition_created_on_first_use()
    {
        var budgets = new PartitionedRetryBudget<string>(_ => new RecordingBudget(), new PartitionOptions { MaxPartitions = 10, TimeProvider = clock });

        budgets.For("a").Deposit();
        budgets.For("a").Deposit();
        budgets.For("a").RecordSuccess();
        budgets.For("b").RecordSuccess();

        var a = (RecordingBudget)budgets.Partitions.Find("a").IfNone(() => throw new InvalidOperationException("no partition a"));
        var b = (RecordingBudget)budgets.Partitions.Find("b").IfNone(() => throw new InvalidOperationException("no partition b"));
        Assert.Equal((2, 1), (a.Deposits, a.Successes));
        Assert.Equal((0, 1), (b.Deposits, b.Successes));
    }

    [Fact]
    public void A_key_without_room_for_a_partition_drops_its_deposits_and_successes_instead_of_throwing()
    {
        // An exhausted budget is never evicted: with one slot taken by "a", "b" gets no partition.
        var budgets = new PartitionedRetryBudget<string>(_ => new RecordingBudget { Exhausted = true }, new PartitionOptions { MaxPartitions = 1, TimeProvider = clock });
        budgets.For("a").Deposit();

        budgets.For("b").Deposit();
        budgets.For("b").RecordSuccess();

        Assert.Equal(1, budgets.Partitions.Count);
        Assert.True(budgets.Partitions.Find("b").IsNone);
    }

    private sealed class RecordingBudget : RetryBudget
    {
        public int Deposits { get; private set; }

        public int Successes { get; private set; }

        public bool Exhausted { get; init; }

        public override bool IsExhausted => Exhausted;

        public override void Deposit() => Deposits++;

        public override bool TryWithdraw() => true;

        public override void RecordSuccess() => Successes++;
    }
    [Fact]
    public void Null_arguments_are_rejected_with_their_names()
    {
        var op = Failing(() => { });

        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => op.WithRetry(null!, Make(), "k")).ParamName);
        Assert.Equal("budgets", Assert.Throws<ArgumentNullException>(() => op.WithRetry(Options, (PartitionedRetryBudget<string>)null!, "k")).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => op.WithRetry(Options, Make(), null!)).ParamName);
    }
}
