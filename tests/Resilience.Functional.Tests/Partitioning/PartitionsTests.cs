using Microsoft.Extensions.Time.Testing;

namespace Resilience.Functional.Tests.Partitioning;

public class PartitionsTests
{
    private readonly FakeTimeProvider clock = new();

    private Partitions<string, Box> Make(int max = 3, Func<Box, bool>? canEvict = null, int idleMinutes = 5) =>
        new(new PartitionOptions { MaxPartitions = max, IdleTimeout = TimeSpan.FromMinutes(idleMinutes), TimeProvider = clock }, key => new Box(key), canEvict ?? (_ => true));

    private static Box Value(Either<Error, Box> result) => result.Match(Right: b => b, Left: e => throw new InvalidOperationException(e.Message));

    [Fact]
    public void A_value_is_created_on_first_use_and_the_same_one_is_returned_after()
    {
        var partitions = Make();

        var first = Value(partitions.Get("a"));

        Assert.Same(first, Value(partitions.Get("a")));
        Assert.Equal(1, partitions.Count);
        Assert.True(partitions.Find("b").IsNone);
        Assert.Equal(1, partitions.Count);
    }

    [Fact]
    public void A_partition_idle_for_the_timeout_is_evicted_on_a_later_use_and_a_used_one_stays()
    {
        var partitions = Make();
        partitions.Get("idle");
        partitions.Get("busy");
        clock.Advance(TimeSpan.FromMinutes(4));
        partitions.Get("busy");
        clock.Advance(TimeSpan.FromMinutes(1));

        partitions.Get("busy");

        Assert.Equal(["busy"], partitions.Snapshot().Select(p => p.Key));
    }

    [Fact]
    public void A_partition_its_value_keeps_is_not_evicted_however_idle()
    {
        var partitions = Make(canEvict: b => b.Key != "open");
        partitions.Get("open");
        partitions.Get("closed");
        clock.Advance(TimeSpan.FromHours(1));

        var evicted = partitions.EvictIdle();

        Assert.Equal(1, evicted);
        Assert.Equal(["open"], partitions.Snapshot().Select(p => p.Key));
    }

    [Fact]
    public void A_new_key_in_a_full_container_evicts_the_least_recently_used_evictable_partition()
    {
        var partitions = Make(max: 3, canEvict: b => b.Key != "a");
        partitions.Get("a");
        clock.Advance(TimeSpan.FromSeconds(1));
        partitions.Get("b");
        clock.Advance(TimeSpan.FromSeconds(1));
        partitions.Get("c");
        clock.Advance(TimeSpan.FromSeconds(1));

        partitions.Get("d");

        Assert.Equal(["a", "c", "d"], partitions.Snapshot().Select(p => p.Key).Order());
    }

    [Fact]
    public void A_partition_used_again_gets_a_second_chance_and_the_new_key_takes_an_unused_one_s_place()
    {
        var partitions = Make(max: 3);
        partitions.Get("a");
        partitions.Get("b");
        partitions.Get("c");
        partitions.Get("a");

        partitions.Get("d");
        partitions.Get("e");

        Assert.Equal(["a", "d", "e"], partitions.Snapshot().Select(p => p.Key).Order());
    }

    [Fact]
    public void A_full_container_none_of_whose_partitions_may_go_refuses_a_new_key_with_a_typed_error()
    {
        var partitions = Make(max: 2, canEvict: _ => false);
        partitions.Get("a");
        partitions.Get("b");

        var refused = partitions.Get("c");

        Assert.Equal(Left<Error, Box>(new PartitionLimitError(2)), refused);
        Assert.Same(partitions.LimitError, (Error)refused);
        Assert.Equal(2, partitions.Count);
        Assert.False(ErrorClassifier.Default.IsTransient(new PartitionLimitError(2)));
    }

    [Fact]
    public void A_throwing_factory_is_an_error_and_a_throwing_eviction_rule_keeps_the_partition()
    {
        var failing = new Partitions<string, Box>(new PartitionOptions { TimeProvider = clock }, _ => throw new InvalidOperationException("boom"), _ => true);
        var keeping = Make(max: 1, canEvict: _ => throw new InvalidOperationException("rule"));
        keeping.Get("a");

        Assert.Equal("boom", ((Error)failing.Get("a")).Message);
        Assert.IsType<PartitionLimitError>((Error)keeping.Get("b"));
        Assert.Equal(0, failing.Count);
    }

    [Fact]
    public void Bad_settings_fail_at_construction_naming_the_setting()
    {
        Assert.Equal("MaxPartitions", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionOptions { MaxPartitions = 0 }).ParamName);
        Assert.Equal("IdleTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionOptions { IdleTimeout = TimeSpan.Zero }).ParamName);
        Assert.Equal("create", Assert.Throws<ArgumentNullException>(() => new Partitions<string, Box>(new PartitionOptions(), null!, _ => true)).ParamName);
    }

    [Fact(Timeout = 20_000)]
    public async Task Under_concurrent_use_the_bound_holds_and_each_key_gets_one_value_while_it_lives()
    {
        var partitions = Make(max: 16, idleMinutes: 60);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, Box>();
        var overBound = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var key = ((i * 7 + worker) % 12).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var box = Value(partitions.Get(key));
                Assert.Same(seen.GetOrAdd(key, box), box);
                if (partitions.Count > 16)
                {
                    Interlocked.Increment(ref overBound);
                }
            }
        })));

        Assert.Equal(0, overBound);
        Assert.Equal(12, partitions.Count);
    }

    [Fact]
    public void The_health_check_is_healthy_degraded_or_unhealthy_by_how_many_breakers_are_open()
    {
        var breakers = new Partitions<string, CircuitBreaker>(
            new PartitionOptions { TimeProvider = clock },
            _ => new CircuitBreaker(new CircuitBreakerOptions { TimeProvider = clock }),
            b => b.State == CircuitState.Closed);
        var check = HealthCheck.ForCircuitBreakers("api", breakers, b => b);
        HealthResult Probe() => check.Check(CancellationToken.None).AsTask().Result.Match(Right: r => r, Left: e => throw new InvalidOperationException(e.Message));

        var empty = Probe();
        breakers.Get("a").IfRight(b => b.Isolate());
        breakers.Get("b");
        var some = Probe();
        breakers.Get("b").IfRight(b => b.Isolate());
        var all = Probe();

        Assert.Equal([HealthState.Healthy, HealthState.Degraded, HealthState.Unhealthy], new[] { empty, some, all }.Select(r => r.State));
        Assert.Equal("Isolated", some.Data["a"]);
        Assert.Equal(1.0, some.ObservedValue);
    }

    private sealed record Box(string Key);
    [Fact]
    public void A_refusal_says_the_bound_in_its_message()
    {
        var partitions = Make(max: 2, canEvict: _ => false);
        partitions.Get("a");
        partitions.Get("b");

        Assert.Equal("All 2 partitions are in use and none can be evicted.", ((Error)partitions.Get("c")).Message);
    }
}
