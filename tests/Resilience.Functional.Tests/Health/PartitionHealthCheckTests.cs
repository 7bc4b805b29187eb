using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests;

/// <summary>The checks over every partition's bulkhead, token bucket or breaker: their states, descriptions and data.</summary>
public class PartitionHealthCheckTests
{
    private static readonly HealthThresholds Levels = new(0.5, 0.75);

    private readonly FakeTimeProvider clock = new();

    private static HealthResult Probe(HealthCheck check) =>
        check.Check(CancellationToken.None).AsTask().Result.Match(Right: r => r, Left: e => throw new InvalidOperationException(e.Message));

    private PartitionOptions Partitioning => new() { MaxPartitions = 10, IdleTimeout = TimeSpan.FromMinutes(5), TimeProvider = clock };

    [Fact]
    public void The_bulkheads_check_rates_each_partition_by_its_share_in_use_against_the_given_thresholds()
    {
        var bulkheads = new PartitionedBulkhead<string>(new BulkheadOptions { MaxConcurrency = 4, MaxQueueLength = 0, TimeProvider = clock }, Partitioning);
        var check = HealthCheck.ForBulkheads("tenants", bulkheads, Levels);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Hold(string key) => _ = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, key)(CancellationToken.None);

        Hold("quiet");
        var calm = Probe(check); // 1 of 4 in use: below 0.5
        Hold("noisy");
        Hold("noisy");
        Hold("noisy");
        var some = Probe(check); // noisy: 3 of 4
        Hold("quiet");
        Hold("quiet");
        var all = Probe(check); // quiet: 3 of 4 too
        gate.SetResult(1);

        Assert.Equal((HealthState.Healthy, $"1 below {0.5}", 0.0, "{partition}"), (calm.State, calm.Description, calm.ObservedValue, calm.ObservedUnit));
        Assert.Equal((HealthState.Degraded, $"1 of 2 at or above {0.5}", 1.0), (some.State, some.Description, some.ObservedValue));
        Assert.Equal(0.75, some.Data["noisy"]);
        Assert.False(some.Data.ContainsKey("quiet"));
        Assert.Equal((HealthState.Unhealthy, $"all 2 at or above {0.75}", 2.0), (all.State, all.Description, all.ObservedValue));
    }

    [Fact]
    public void The_token_buckets_check_rates_each_partition_by_the_share_of_its_burst_spent()
    {
        var buckets = new PartitionedTokenBucket<string>(
            new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromHours(1), Burst = 4, TimeProvider = clock }, Partitioning);
        var check = HealthCheck.ForTokenBuckets("clients", buckets, Levels);
        buckets.Partitions.Get("a").IfRight(b => Assert.True(b.TryAcquire()));
        buckets.Partitions.Get("b").IfRight(b =>
        {
            Assert.True(b.TryAcquire());
            Assert.True(b.TryAcquire());
        });

        var result = Probe(check);

        Assert.Equal(HealthState.Degraded, result.State); // a: 1/4 spent, b: 2/4
        Assert.Equal(0.5, result.Data["b"]);
        Assert.False(result.Data.ContainsKey("a"));
        Assert.Equal(2, result.Data["partitions"]);
    }

    [Fact]
    public void The_breakers_check_describes_how_many_breakers_are_closed_and_open()
    {
        var breakers = new Partitions<Unnamed, CircuitBreaker>(Partitioning, _ => new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = clock }), b => b.State == CircuitState.Closed);
        var check = HealthCheck.ForCircuitBreakers("api", breakers, b => b);
        var (a, b) = (new Unnamed(1), new Unnamed(2));
        breakers.Get(a);
        breakers.Get(b);

        var closed = Probe(check);
        breakers.Get(a).IfRight(x => x.Isolate());
        var some = Probe(check);
        breakers.Get(b).IfRight(x => x.Isolate());
        var all = Probe(check);

        Assert.Equal((HealthState.Healthy, "2 closed", 0.0, "{breaker}"), (closed.State, closed.Description, closed.ObservedValue, closed.ObservedUnit));
        Assert.Equal((HealthState.Degraded, "1 of 2 not closed"), (some.State, some.Description));
        Assert.Equal((HealthState.Unhealthy, "all 2 open"), (all.State, all.Description));
        Assert.Equal("Isolated", some.Data[string.Empty]); // keys whose text is null: under the empty text, the breaker not closed
    }

    [Fact]
    public void Busy_partitions_whose_keys_have_the_same_text_are_reported_under_it_by_the_busiest()
    {
        var bulkheads = new PartitionedBulkhead<Unnamed>(new BulkheadOptions { MaxConcurrency = 4, MaxQueueLength = 0, TimeProvider = clock }, Partitioning);
        var check = HealthCheck.ForBulkheads("tenants", bulkheads, Levels);
        var gate = new TaskCompletionSource<Either<Error, int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Hold(Unnamed key, int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                _ = Op.Of(_ => new ValueTask<Either<Error, int>>(gate.Task)).WithBulkhead(bulkheads, key)(CancellationToken.None);
            }
        }

        Hold(new Unnamed(1), 3);
        Hold(new Unnamed(2), 2);
        var result = Probe(check);
        gate.SetResult(1);

        Assert.Equal((HealthState.Degraded, 2.0), (result.State, result.ObservedValue));
        Assert.Equal(0.75, result.Data[string.Empty]);
        Assert.Equal(2, result.Data["partitions"]);
    }

    [Fact]
    public void The_breakers_check_names_a_missing_argument()
    {
        var breakers = new Partitions<string, CircuitBreaker>(Partitioning, _ => new CircuitBreaker(new CircuitBreakerOptions()), _ => true);

        Assert.Equal("partitions", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForCircuitBreakers<string, CircuitBreaker>("api", null!, b => b)).ParamName);
        Assert.Equal("breakerOf", Assert.Throws<ArgumentNullException>(() => HealthCheck.ForCircuitBreakers("api", breakers, null!)).ParamName);
    }

    /// <summary>A partition key whose text is null.</summary>
    private sealed record Unnamed(int Id)
    {
        public override string ToString() => null!;
    }
}
