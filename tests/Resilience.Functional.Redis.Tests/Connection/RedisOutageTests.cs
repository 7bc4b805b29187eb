using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Resilience.Functional.Redis.Tests.Servers;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Resilience.Functional.Redis.Tests.Connection;

/// <summary>
/// redis-server is killed (SIGKILL) while the components are in use and restarted on the same port: no exception
/// escapes, idempotency fails closed, the limiter follows its outage mode, the outage shows in health and telemetry,
/// and every component works again by itself after the restart.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 90_000)]
    public async Task A_killed_and_restarted_server_loses_no_effect_and_every_component_recovers_by_itself()
    {
        using var server = new RedisServerFixture();
        var options = RedisConnection.Options(server.Endpoint);
        options.ConnectTimeout = 1_000;
        options.AsyncTimeout = 1_000;
        options.SyncTimeout = 1_000;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var failed = Signal(h => connection.ConnectionFailed += h);
        var restored = Signal(h => connection.ConnectionRestored += h);

        var id = Guid.NewGuid().ToString("N");
        var store = new RedisIdempotencyStore(connection, new RedisIdempotencyStoreOptions { KeyPrefix = $"f:{id}:", Name = $"idem-{id}" });
        var guard = new IdempotencyGuard(store);
        var bucket = new TokenBucketOptions { TokensPerPeriod = 1, Period = TimeSpan.FromMinutes(1), Burst = 3, Name = $"rl-{id}" };
        var open = new RedisRateLimiter(connection, new RedisRateLimiterOptions { Bucket = bucket, KeyPrefix = $"fo:{id}:" });
        var closed = new RedisRateLimiter(connection, new RedisRateLimiterOptions { Bucket = bucket with { Name = $"rlc-{id}" }, KeyPrefix = $"fc:{id}:", OnUnavailable = RedisOutageMode.FailClosed });
        var permits = new RedisConcurrencyLimiter(connection, new RedisConcurrencyLimiterOptions { MaxConcurrency = 2, KeyPrefix = $"fl:{id}:", Name = $"cl-{id}" });
        var strictPermits = new RedisConcurrencyLimiter(connection, new RedisConcurrencyLimiterOptions { MaxConcurrency = 2, KeyPrefix = $"fs:{id}:", Name = $"cls-{id}", OnUnavailable = RedisOutageMode.FailClosed });
        var lastGood = new RedisLastKnownGoodStore<int>(connection, new RedisLastKnownGoodOptions { KeyPrefix = $"fg:{id}:", Name = $"lkg-{id}" });
        var breaker = new Functional.CircuitBreaker(new CircuitBreakerOptions { ConsecutiveFailures = 3, BreakDuration = BreakDuration.Fixed(TimeSpan.FromMinutes(1)) });
        using var link = new ClusterBreakerLink(breaker, new RedisBreakerCluster(connection, new RedisBreakerClusterOptions { Breaker = $"cb{id}" }), new ClusterBreakerOptions());
        var effects = new ConcurrentDictionary<string, int>();
        using var events = new EventRecorder();

        Func<CancellationToken, ValueTask<Either<Error, Idempotent<int>>>> Charge(string key) =>
            Op.FromFunc(_ => effects.AddOrUpdate(key, 1, (_, n) => n + 1)).WithIdempotency(guard, key);

        Assert.True((await Charge("before")(CancellationToken.None)).IsRight);
        Assert.True((await open.AcquireAsync("p", CancellationToken.None)).IsRight);
        Assert.True(store.Availability.IsAvailable);
        Assert.True(await link.SyncAsync(CancellationToken.None));

        server.Kill();
        Assert.True(await failed.WaitAsync(Bound).ContinueWith(t => t.IsCompletedSuccessfully), "the connection did not notice the kill");

        var during = new List<Either<Error, Idempotent<int>>>();
        for (var i = 0; i < 20; i++)
        {
            during.Add(await Charge($"during-{i % 5}")(CancellationToken.None)); // a throw here fails the test
        }

        var openDuring = await open.AcquireAsync("p", CancellationToken.None);
        var closedDuring = await closed.AcquireAsync("p", CancellationToken.None);
        var health = await store.Availability.HealthCheck().RunAsync(TimeProvider.System, CancellationToken.None);
        var bulkheadOpen = await Op.Succeed(1).WithConcurrencyLimit(permits).Run(CancellationToken.None);
        var bulkheadClosed = await Op.Succeed(1).WithConcurrencyLimit(strictPermits).Run(CancellationToken.None);
        var staleDuring = await Op.Fail<int>(new HttpStatusError(503)).WithLastKnownGood(lastGood, "k").Run(CancellationToken.None);
        var clusterReached = await link.SyncAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await Op.Fail<int>(new HttpStatusError(503)).WithCircuitBreaker(breaker).Run(CancellationToken.None);
        }

        Assert.All(during, o => Assert.IsType<IdempotencyStoreUnavailableError>((Error)o));
        Assert.True(ErrorClassifier.Default.IsTransient((Error)during[0]));
        Assert.DoesNotContain(effects.Keys, k => k.StartsWith("during", StringComparison.Ordinal));
        Assert.True(openDuring.IsRight, "fail open admits through the local bucket");
        Assert.IsType<RateLimitedError>((Error)closedDuring);
        Assert.False(store.Availability.IsAvailable);
        Assert.False(open.Availability.IsAvailable);
        Assert.Equal(HealthState.Unhealthy, health.State);
        Assert.Contains((store.Availability.Name, RedisTelemetry.Unavailable), events.Seen);
        Assert.Contains((open.Availability.Name, RedisTelemetry.Unavailable), events.Seen);
        Assert.Equal(Right<Error, int>(1), bulkheadOpen);
        Assert.IsType<BulkheadFullError>((Error)bulkheadClosed);
        Assert.Equal(new HttpStatusError(503), (Error)staleDuring);
        Assert.False(clusterReached);
        Assert.False(link.IsClusterReachable);
        Assert.Equal(CircuitState.Open, breaker.State); // the local rule alone

        var restart = Stopwatch.StartNew();
        server.Restart();
        Assert.True(await restored.WaitAsync(Bound).ContinueWith(t => t.IsCompletedSuccessfully), "the connection did not come back");
        Either<Error, Idempotent<int>> afterRestart;
        do
        {
            Assert.True(restart.Elapsed < Bound, "no success within the bound after the restart");
            afterRestart = await Charge("after")(CancellationToken.None); // fails closed until the server answers
        }
        while (afterRestart.IsLeft);
        var firstSuccess = restart.Elapsed;
        var limiterAfter = await closed.AcquireAsync("p", CancellationToken.None);
        var bulkheadAfter = await Op.Succeed(2).WithConcurrencyLimit(strictPermits).Run(CancellationToken.None);
        var clusterAfter = await link.SyncAsync(CancellationToken.None);
        output.WriteLine($"time from restart to first success: {firstSuccess.TotalMilliseconds:F0} ms");

        Assert.True(limiterAfter.IsRight);
        Assert.Equal(Right<Error, int>(2), bulkheadAfter);
        Assert.True(clusterAfter);
        Assert.Equal(1, link.LastCounts.Open);
        Assert.True(store.Availability.IsAvailable);
        Assert.True(closed.Availability.IsAvailable);
        Assert.Equal(1, store.Availability.Outages);
        Assert.Contains((store.Availability.Name, RedisTelemetry.Recovered), events.Seen);
        Assert.All(effects, e => Assert.Equal(1, e.Value));
        Assert.Equal(["after", "before"], effects.Keys.Order());
    }

    private static Task Signal(Action<EventHandler<ConnectionFailedEventArgs>> subscribe)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                done.TrySetResult();
            }
        });
        return done.Task;
    }

    /// <summary>The events recorded on <c>resilience.functional.events</c>, as (policy name, event).</summary>
    private sealed class EventRecorder : IDisposable
    {
        private readonly MeterListener listener = new();

        public EventRecorder()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ResilienceTelemetry.Name && instrument.Name == ResilienceTelemetry.Events)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? name = null, @event = null;
                foreach (var tag in tags)
                {
                    name = tag.Key == ResilienceTelemetry.PolicyNameTag ? tag.Value as string : name;
                    @event = tag.Key == ResilienceTelemetry.EventTag ? tag.Value as string : @event;
                }

                Seen.Add((name, @event));
            });
            listener.Start();
        }

        public ConcurrentBag<(string?, string?)> Seen { get; } = [];

        public void Dispose() => listener.Dispose();
    }
}
