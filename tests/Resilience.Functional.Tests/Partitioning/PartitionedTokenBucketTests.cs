using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionedTokenBucketTests
{
    private readonly FakeTimeProvider clock = new();

    private PartitionedTokenBucket<string> Make(int max = 100) =>
        new(
            new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromSeconds(1), Burst = 2, TimeProvider = clock },
            new PartitionOptions { MaxPartitions = max, IdleTimeout = TimeSpan.FromMinutes(5), TimeProvider = clock });

    private static Either<Error, int> Run(Func<CancellationToken, ValueTask<Either<Error, int>>> op) => op(CancellationToken.None).AsTask().Result;

    [Fact]
    public void Each_key_has_its_own_burst_and_rate()
    {
        var buckets = Make();
        var a = Enumerable.Range(0, 3).Select(_ => Run(Op.Succeed(1).WithRateLimiter(buckets, "a"))).ToList();
        var b = Run(Op.Succeed(2).WithRateLimiter(buckets, "b"));

        Assert.Equal([true, true, false], a.Select(r => r.IsRight));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<RateLimitedError>((Error)a[2]).RetryAfter);
        Assert.Equal(Right<Error, int>(2), b);
    }

    [Fact]
    public void A_bucket_not_full_again_is_not_evicted_so_a_flood_of_new_keys_cannot_reset_a_limit()
    {
        var buckets = Make(max: 2);
        Run(Op.Succeed(1).WithRateLimiter(buckets, "a"));
        Run(Op.Succeed(1).WithRateLimiter(buckets, "a"));
        Run(Op.Succeed(1).WithRateLimiter(buckets, "k0"));

        var flood = Enumerable.Range(1, 50).Select(i => Run(Op.Succeed(i).WithRateLimiter(buckets, $"k{i}"))).ToList();
        var again = Run(Op.Succeed(1).WithRateLimiter(buckets, "a"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = Run(Op.Succeed(1).WithRateLimiter(buckets, "k51"));

        Assert.All(flood, r => Assert.IsType<PartitionLimitError>((Error)r));
        Assert.IsType<RateLimitedError>((Error)again);
        Assert.True(refilled.IsRight);
        Assert.Equal(2, buckets.Partitions.Count);
    }

    [Fact]
    public void The_success_path_over_an_existing_partition_allocates_nothing()
    {
        var buckets = new PartitionedTokenBucket<string>(
            new TokenBucketOptions { TokensPerPeriod = 1_000_000, Period = TimeSpan.FromMilliseconds(1), Burst = 1_000_000, TimeProvider = clock },
            new PartitionOptions { TimeProvider = clock });
        var limited = Op.Succeed(4).WithRateLimiter(buckets, "a");
        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var pending = limited(default);
            Assert.True(pending.IsCompletedSuccessfully);
            total += (int)pending.Result;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(4 * (100 + (5 * 1000)), total);
    }

    [Fact]
    public async Task With_a_wait_a_call_waits_for_its_key_s_next_token()
    {
        var buckets = Make();
        Run(Op.Succeed(1).WithRateLimiter(buckets, "a"));
        Run(Op.Succeed(1).WithRateLimiter(buckets, "a"));

        var waiting = Op.Succeed(3).WithRateLimiter(buckets, "a", TimeSpan.FromSeconds(2))(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Right<Error, int>(3), await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("maxWait", Assert.Throws<ArgumentOutOfRangeException>(() => Op.Succeed(1).WithRateLimiter(buckets, "a", TimeSpan.Zero)).ParamName);
    }

    [Fact]
    public void The_policy_limits_per_key_and_the_health_check_reports_drained_partitions()
    {
        var buckets = Make();
        var check = HealthCheck.ForTokenBuckets("clients", buckets);
        Run(Op.Succeed(1).WithPolicy(Policy.RateLimiter(buckets, "a")));
        Run(Op.Succeed(1).WithPolicy(Policy.RateLimiter(buckets, "a")));
        Run(Op.Succeed(1).WithPolicy(Policy.RateLimiter(buckets, "b")));

        var health = check.Check(CancellationToken.None).AsTask().Result.Match(Right: r => r, Left: e => throw new InvalidOperationException(e.Message));

        Assert.IsType<RateLimitedError>((Error)Run(Op.Succeed(1).WithPolicy(Policy.RateLimiter(buckets, "a"))));
        Assert.Equal(HealthState.Degraded, health.State);
        Assert.Equal(1.0, health.Data["a"]);
        Assert.Contains("TokenBucket(1 per 1s, burst 2, no wait)", Policy.RateLimiter(buckets, "a").Describe(), StringComparison.Ordinal);
    }
    [Fact]
    public void Null_arguments_of_the_waiting_limiter_are_rejected_with_their_names()
    {
        var op = Op.Succeed(1);

        Assert.Equal("buckets", Assert.Throws<ArgumentNullException>(() => op.WithRateLimiter((PartitionedTokenBucket<string>)null!, "k", TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithRateLimiter(Make(), "k", TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("operation", Assert.Throws<ArgumentNullException>(() => ((Func<CancellationToken, ValueTask<Either<Error, int>>>)null!).WithRateLimiter(Make(), "k")).ParamName);
    }
}
