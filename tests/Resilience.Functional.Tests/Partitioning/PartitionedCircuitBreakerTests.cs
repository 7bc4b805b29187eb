using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionedCircuitBreakerTests
{
    private readonly FakeTimeProvider clock = new();

    private PartitionedCircuitBreaker<string> Make(int max = 3) =>
        new(
            new CircuitBreakerOptions { ConsecutiveFailures = 2, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(30)), TimeProvider = clock },
            new PartitionOptions { MaxPartitions = max, IdleTimeout = TimeSpan.FromMinutes(5), TimeProvider = clock });

    private static readonly Func<CancellationToken, ValueTask<Either<Error, int>>> Failing = Op.Fail<int>(new HttpStatusError(503));

    private static Either<Error, int> Run(Func<CancellationToken, ValueTask<Either<Error, int>>> op) => op(CancellationToken.None).AsTask().Result;

    private static CircuitState StateOf(PartitionedCircuitBreaker<string> breakers, string key) =>
        breakers.Partitions.Find(key).Match(Some: b => b.State, None: () => throw new InvalidOperationException($"no partition {key}"));

    [Fact]
    public void One_keys_failures_open_its_own_circuit_and_no_other()
    {
        var breakers = Make();
        Run(Failing.WithCircuitBreaker(breakers, "a"));
        Run(Failing.WithCircuitBreaker(breakers, "a"));

        var a = Run(Op.Succeed(1).WithCircuitBreaker(breakers, "a"));
        var b = Run(Op.Succeed(2).WithCircuitBreaker(breakers, "b"));

        Assert.IsType<CircuitOpenError>((Error)a);
        Assert.Equal(Right<Error, int>(2), b);
        Assert.Equal(CircuitState.Open, StateOf(breakers, "a"));
        Assert.Equal(CircuitState.Closed, StateOf(breakers, "b"));
    }

    [Fact]
    public void An_open_and_a_half_open_breaker_survive_eviction_pressure_while_closed_ones_make_room()
    {
        var breakers = Make(max: 3);
        Run(Failing.WithCircuitBreaker(breakers, "open"));
        Run(Failing.WithCircuitBreaker(breakers, "half-open"));
        Run(Failing.WithCircuitBreaker(breakers, "half-open"));
        clock.Advance(TimeSpan.FromSeconds(20));
        Run(Failing.WithCircuitBreaker(breakers, "open"));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(CircuitState.HalfOpen, StateOf(breakers, "half-open"));

        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(Run(Op.Succeed(i).WithCircuitBreaker(breakers, $"tenant-{i}")).IsRight);
        }

        Assert.Equal(3, breakers.Partitions.Count);
        Assert.Equal(CircuitState.Open, StateOf(breakers, "open"));
        Assert.Equal(CircuitState.HalfOpen, StateOf(breakers, "half-open"));
        Assert.True(breakers.Partitions.Find("tenant-999").IsSome);
    }

    [Fact]
    public void A_full_container_of_open_circuits_refuses_a_new_key_with_the_partition_limit_error_without_running_it()
    {
        var breakers = Make(max: 2);
        foreach (var key in new[] { "a", "b", "a", "b" })
        {
            Run(Failing.WithCircuitBreaker(breakers, key));
        }

        var ran = 0;
        var refused = Run(Op.FromFunc(_ => ++ran).WithCircuitBreaker(breakers, "c"));

        Assert.Equal(Left<Error, int>(new PartitionLimitError(2)), refused);
        Assert.Same(breakers.Partitions.LimitError, (Error)refused);
        Assert.Equal(0, ran);
    }

    [Fact]
    public void An_idle_closed_breaker_is_evicted_after_the_idle_timeout_and_comes_back_fresh()
    {
        var breakers = Make();
        Run(Failing.WithCircuitBreaker(breakers, "idle"));
        var first = breakers.Partitions.Find("idle");
        clock.Advance(TimeSpan.FromMinutes(5));

        Run(Op.Succeed(1).WithCircuitBreaker(breakers, "busy"));

        Assert.True(breakers.Partitions.Find("idle").IsNone);
        Run(Op.Succeed(1).WithCircuitBreaker(breakers, "idle"));
        Assert.NotSame(first.Case, breakers.Partitions.Find("idle").Case);
        Assert.Equal(0, breakers.Partitions.Find("idle").Map(b => b.Snapshot.ConsecutiveFailures).IfNone(-1));
    }

    [Fact]
    public void An_open_breaker_idle_far_past_the_idle_timeout_is_not_evicted()
    {
        var breakers = Make();
        Run(Failing.WithCircuitBreaker(breakers, "open"));
        Run(Failing.WithCircuitBreaker(breakers, "open"));
        Run(Op.Succeed(1).WithCircuitBreaker(breakers, "closed"));
        clock.Advance(TimeSpan.FromHours(1));

        var evicted = breakers.Partitions.EvictIdle();

        Assert.Equal(1, evicted);
        Assert.Equal(CircuitState.HalfOpen, StateOf(breakers, "open"));
        Assert.True(breakers.Partitions.Find("closed").IsNone);
    }

    [Fact]
    public void The_success_path_over_an_existing_partition_allocates_nothing()
    {
        var breakers = Make();
        var guarded = Op.Succeed(2).WithCircuitBreaker(breakers, "a");
        var total = 0;

        var allocated = Allocations.LeastPerRound(() =>
        {
            var pending = guarded(default);
            Assert.True(pending.IsCompletedSuccessfully);
            total += (int)pending.Result;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(2 * (100 + (5 * 1000)), total);
    }

    [Fact]
    public async Task The_caller_s_cancellation_creates_no_partition_and_runs_nothing()
    {
        var breakers = Make();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await Op.Succeed(1).WithCircuitBreaker(breakers, "a")(cts.Token);

        Assert.Same(CancelledError.Instance, (Error)result);
        Assert.Equal(0, breakers.Partitions.Count);
    }

    [Fact]
    public void The_policy_applies_the_key_s_breaker_and_describes_the_partitioning()
    {
        var breakers = Make();
        var policy = Policy.CircuitBreaker(breakers, "a");

        Run(Failing.WithPolicy(policy));
        Run(Failing.WithPolicy(policy));

        Assert.Equal(CircuitState.Open, StateOf(breakers, "a"));
        Assert.Equal("circuit-breaker", policy.Name);
        Assert.StartsWith("circuit-breaker: Partitioned(up to 3, idle 00:05:00) CircuitBreaker(opens on 2 consecutive failures", policy.Describe());
        Assert.EndsWith(", key a", policy.Describe());
    }

    [Fact]
    public void Null_arguments_fail_when_the_combinator_is_applied()
    {
        var breakers = Make();
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithCircuitBreaker(breakers, null!)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentNullException>(() => Op.Succeed(1).WithCircuitBreaker((PartitionedCircuitBreaker<string>)null!, "a")).ParamName);
        Assert.Equal("breaker", Assert.Throws<ArgumentNullException>(() => new PartitionedCircuitBreaker<string>(null!, new PartitionOptions())).ParamName);
        Assert.Equal("partitions", Assert.Throws<ArgumentNullException>(() => new PartitionedCircuitBreaker<string>(new CircuitBreakerOptions(), null!)).ParamName);
    }
}
