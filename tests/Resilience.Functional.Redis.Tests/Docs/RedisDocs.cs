using System.Net;
using System.Net.Sockets;
using Garnet;

namespace Resilience.Functional.Redis.Tests.Docs;

using CircuitBreaker = Resilience.Functional.CircuitBreaker; // the test project has a namespace of that name

/// <summary>The code of docs/redis.md, compiled and run.</summary>
public class RedisDocs
{
    [Fact(Timeout = 60_000)]
    public async Task The_garnet_example_runs_the_charge_once_and_the_breaker_example_links()
    {
        // snippet: redis-garnet
        using var probe = new TcpListener(IPAddress.Loopback, 0); // a free port
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var garnet = new GarnetServer(["--bind", "127.0.0.1", "--port", $"{port}", "--lua", "--lua-transaction-mode"]);
        garnet.Start();

        await using var redis = await RedisConnection.ConnectAsync($"127.0.0.1:{port}");
        var payments = new IdempotencyGuard(new RedisIdempotencyStore(redis));
        var perTenant = new RedisRateLimiter(redis, new RedisRateLimiterOptions
        {
            Bucket = new TokenBucketOptions { TokensPerPeriod = 100, Period = TimeSpan.FromSeconds(1), Burst = 20 },
        });

        var charges = 0;
        var charge = Op.FromFunc(_ => $"charge {++charges}")
            .WithRateLimiter(perTenant, "tenant-7")       // one limit for every instance
            .WithIdempotency(payments, "order-1001");     // one effect for every instance

        var first = await charge.Run(CancellationToken.None);  // Right(("charge 1", IsReplay: false))
        var retry = await charge.Run(CancellationToken.None);  // Right(("charge 1", IsReplay: true)); charges == 1
        // end snippet

        Assert.Equal(Right<Error, Idempotent<string>>(new Idempotent<string>("charge 1", false)), first);
        Assert.Equal(Right<Error, Idempotent<string>>(new Idempotent<string>("charge 1", true)), retry);
        Assert.Equal(1, charges);

        // snippet: redis-breaker
        var breaker = new CircuitBreaker(new CircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 10 });
        using var link = new ClusterBreakerLink(
            breaker,
            new RedisBreakerCluster(redis, new RedisBreakerClusterOptions { Breaker = "payments" }),
            new ClusterBreakerOptions { Quorum = 2 });
        await link.SyncAsync(CancellationToken.None); // joining during an outage: starts open
        link.Start();                                 // then every 250 ms, in the background

        var pay = Op.Succeed(42m).WithCircuitBreaker(breaker); // the closed path never waits on Redis
        // end snippet

        Assert.Equal(1, link.LastCounts.Instances);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(Right<Error, decimal>(42m), await pay.Run(CancellationToken.None));
    }
}
