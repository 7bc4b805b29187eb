using System.Diagnostics;
using Resilience.Functional.CircuitBreaking;
using Resilience.Functional.Redis.Tests.Servers;
using StackExchange.Redis;

namespace Resilience.Functional.Redis.Tests.CircuitBreaker;

/// <summary>The cluster-aware breaker on a shared view, run against every server (see the derived classes at the end).</summary>
public abstract class BreakerClusterContract(TestServer server) : IDisposable
{
    private static readonly Error Transient = new TimeoutError(TimeSpan.FromSeconds(1));
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<IDisposable> owned = [];
    private readonly string breakerName = $"b{Guid.NewGuid():N}";

    /// <summary>One instance: its own connection, local breaker (3 failures in a row, or half of at least 10 calls), view and link.</summary>
    private ClusterBreakerLink Instance(int quorum = 1, int clusterMinimum = 15, TimeSpan? heartbeat = null, bool start = true)
    {
        var connection = server.Connect();
        owned.Add(connection);
        var breaker = new Functional.CircuitBreaker(new CircuitBreakerOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            Window = SlidingWindow.ByCount(20),
            BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(30)),
        });
        var view = new RedisBreakerCluster(connection, new RedisBreakerClusterOptions { Breaker = breakerName, KeyPrefix = "t:cb:", Heartbeat = heartbeat ?? TimeSpan.FromSeconds(3) });
        var link = new ClusterBreakerLink(breaker, view, new ClusterBreakerOptions { Quorum = quorum, MinimumThroughput = clusterMinimum, PollInterval = TimeSpan.FromMilliseconds(100) });
        owned.Add(link);
        if (start)
        {
            link.Start();
        }

        return link;
    }

    [Fact(Timeout = 30_000)]
    public async Task An_instance_opening_by_its_own_rule_opens_the_others_within_a_second()
    {
        var a = Instance();
        var b = Instance();
        var c = Instance();
        await UntilAsync(() => b.LastCounts.Instances == 3 && c.LastCounts.Instances == 3);

        a.Breaker.Trip(); // as its own rule would: the link did not trip it
        var opened = Stopwatch.StartNew();
        await UntilAsync(() => b.Breaker.State == CircuitState.Open && c.Breaker.State == CircuitState.Open);
        var propagation = opened.Elapsed;

        Assert.True(propagation <= TimeSpan.FromSeconds(1), $"took {propagation}");
        Assert.True(b.TrippedByCluster && c.TrippedByCluster);
        Assert.False(a.TrippedByCluster);
    }

    [Fact(Timeout = 30_000)]
    public async Task With_a_quorum_of_two_one_bad_node_does_not_open_the_others_and_a_second_does()
    {
        var a = Instance(quorum: 2);
        var b = Instance(quorum: 2);
        var c = Instance(quorum: 2);

        a.Breaker.Trip();
        await UntilAsync(() => b.LastCounts is { Instances: 3, Open: 1 } && c.LastCounts is { Instances: 3, Open: 1 });
        var whileOne = (b.Breaker.State, c.Breaker.State);
        await FailAsync(c.Breaker, 3 * 4); // c opens by its own rule
        await UntilAsync(() => b.Breaker.State == CircuitState.Open);

        Assert.Equal((CircuitState.Closed, CircuitState.Closed), whileOne);
        Assert.True(b.TrippedByCluster);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_instance_joining_during_an_outage_starts_open()
    {
        var a = Instance();
        a.Breaker.Trip();
        await a.SyncAsync(CancellationToken.None);

        var joining = Instance(start: false);
        Assert.True(await joining.SyncAsync(CancellationToken.None));

        Assert.Equal(CircuitState.Open, joining.Breaker.State);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_ratio_over_the_live_instances_windows_opens_them_where_no_local_rule_would()
    {
        var links = Enumerable.Range(0, 3).Select(_ => Instance(clusterMinimum: 15)).ToArray();
        foreach (var link in links)
        {
            await RecordAsync(link.Breaker, successes: 2, failures: 4); // 6 calls: below the local minimum of 10
            Assert.Equal(CircuitState.Closed, link.Breaker.State);
        }

        await UntilAsync(() => links.All(l => l.Breaker.State == CircuitState.Open));

        Assert.All(links, l => Assert.True(l.TrippedByCluster));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_dead_instance_drops_out_when_its_heartbeat_runs_out()
    {
        var dying = Instance(quorum: 1, heartbeat: TimeSpan.FromMilliseconds(400));
        var survivor = Instance(quorum: 2, heartbeat: TimeSpan.FromMilliseconds(400));
        dying.Breaker.Trip();
        await UntilAsync(() => survivor.LastCounts is { Instances: 2, Open: 1 });

        dying.Dispose(); // no more heartbeats, no clean leave
        await UntilAsync(() => survivor.LastCounts is { Instances: 1, Open: 0 });

        Assert.Equal(CircuitState.Closed, survivor.Breaker.State);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_closed_path_never_waits_on_Redis()
    {
        var link = Instance();
        await UntilAsync(() => link.LastCounts.Instances == 1);
        var call = Op.Succeed(1).WithCircuitBreaker(link.Breaker);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(call(CancellationToken.None).IsCompletedSuccessfully);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Bound, "the condition did not hold within the bound");
            await Task.Yield();
        }
    }

    private static Task FailAsync(Functional.CircuitBreaker breaker, int failures) => RecordAsync(breaker, 0, failures);

    private static async Task RecordAsync(Functional.CircuitBreaker breaker, int successes, int failures)
    {
        for (var i = 0; i < successes; i++)
        {
            await Op.Succeed(1).WithCircuitBreaker(breaker).Run(CancellationToken.None);
        }

        for (var i = 0; i < failures; i++)
        {
            await Op.Fail<int>(Transient).WithCircuitBreaker(breaker).Run(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        foreach (var d in owned)
        {
            d.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

[Collection(GarnetCollection.Name)]
public sealed class BreakerClusterOnGarnet(GarnetServerFixture server) : BreakerClusterContract(server);

[Collection(RedisServerCollection.Name)]
public sealed class BreakerClusterOnRedisServer(RedisServerFixture server) : BreakerClusterContract(server);
