using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;
using Resilience.Functional.Redis.Tests.Servers;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Resilience.Functional.Redis.Tests.RateLimiting;

/// <summary>The shared rate limiter's contract, run against every server (see the derived classes at the end).</summary>
public abstract class RateLimiterContract(TestServer server) : IDisposable
{
    private readonly ConnectionMultiplexer connection = server.Connect();
    private readonly string prefix = $"t:{Guid.NewGuid():N}:";

    private RedisRateLimiter Limiter(int perSecond, int burst, ConnectionMultiplexer? on = null) =>
        new(on ?? connection, new RedisRateLimiterOptions
        {
            Bucket = new TokenBucketOptions { TokensPerPeriod = perSecond, Period = TimeSpan.FromSeconds(1), Burst = burst },
            KeyPrefix = prefix,
        });

    [Fact(Timeout = 20_000)]
    public async Task The_burst_is_admitted_then_a_call_is_refused_with_a_retry_after_of_at_most_one_interval()
    {
        var limiter = Limiter(perSecond: 1, burst: 5);
        var admitted = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            admitted.Add((await limiter.AcquireAsync("client-a", CancellationToken.None)).IsRight);
        }

        var refused = await limiter.AcquireAsync("client-a", CancellationToken.None);

        Assert.All(admitted, Assert.True);
        var retryAfter = Assert.IsType<RateLimitedError>((Error)refused).RetryAfter;
        Assert.True(retryAfter.IsSome);
        Assert.InRange((TimeSpan)retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.True((TimeSpan)retryAfter > TimeSpan.FromSeconds(0.5), "the 5 calls took well under half a second");
    }

    [Fact(Timeout = 20_000)]
    public async Task Partitions_are_limited_independently()
    {
        var limiter = Limiter(perSecond: 1, burst: 1);

        var a1 = await limiter.AcquireAsync("tenant-a", CancellationToken.None);
        var a2 = await limiter.AcquireAsync("tenant-a", CancellationToken.None);
        var b1 = await limiter.AcquireAsync("tenant-b", CancellationToken.None);

        Assert.True(a1.IsRight);
        Assert.True(a2.IsLeft);
        Assert.True(b1.IsRight);
    }

    [Fact(Timeout = 20_000)]
    public async Task Each_acquisition_is_one_round_trip()
    {
        var limiter = Limiter(perSecond: 1000, burst: 1000);
        await limiter.AcquireAsync("warm", CancellationToken.None); // the first call may load the script
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);

        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync("p", CancellationToken.None);
        }

        var commands = session.FinishProfiling().Select(c => c.Command).ToList();
        connection.RegisterProfiler(() => null);
        Assert.Equal(10, commands.Count);
        Assert.All(commands, c => Assert.StartsWith("EVAL", c));
    }

    [Fact(Timeout = 20_000)]
    public async Task WithRateLimiter_runs_the_operation_under_a_permit_and_returns_the_refusal_without_running_it()
    {
        var limiter = Limiter(perSecond: 1, burst: 1);
        var runs = 0;
        var call = Op.FromFunc(_ => ++runs).WithRateLimiter(limiter, "client-a");

        var first = await call.Run(CancellationToken.None);
        var second = await call.Run(CancellationToken.None);

        Assert.Equal(Right<Error, int>(1), first);
        Assert.IsType<RateLimitedError>((Error)second);
        Assert.Equal(1, runs);
    }

    [Fact(Timeout = 20_000)]
    public async Task As_a_RateLimiter_it_grants_the_burst_and_refuses_with_retry_after_metadata_sync_and_async()
    {
        var limiter = Limiter(perSecond: 1, burst: 2).AsRateLimiter("client-a");

        using var first = limiter.AttemptAcquire();
        using var second = await limiter.AcquireAsync();
        using var third = await limiter.AcquireAsync();

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(third.IsAcquired);
        Assert.True(third.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(3));
    }

    [Fact(Timeout = 20_000)]
    public async Task The_RateLimiter_form_plugs_into_the_RateLimiting_adapter_and_a_partitioned_limiter()
    {
        var shared = Limiter(perSecond: 1, burst: 1);
        var viaAdapter = Op.FromFunc(_ => 7).WithRateLimiter(shared.AsRateLimiter("adapter"));
        using var partitioned = shared.AsPartitionedRateLimiter<string>(resource => resource);

        var admitted = await viaAdapter.Run(CancellationToken.None);
        var refused = await viaAdapter.Run(CancellationToken.None);
        using var x = await partitioned.AcquireAsync("x");
        using var xAgain = await partitioned.AcquireAsync("x");
        using var y = await partitioned.AcquireAsync("y");

        Assert.Equal(Right<Error, int>(7), admitted);
        Assert.True(((RateLimitedError)(Error)refused).RetryAfter.IsSome);
        Assert.True(x.IsAcquired);
        Assert.False(xAgain.IsAcquired);
        Assert.True(y.IsAcquired);
    }

    /// <summary>
    /// 4 instances × 8 callers hammer one key for 1.5 s; from the server's time of each admission, every window
    /// [t_i, t_j] holds at most burst + (t_j − t_i) / interval admissions.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task Four_instances_hammering_one_key_never_admit_more_than_burst_plus_rate_times_window()
    {
        const int Instances = 4, Callers = 8, Burst = 10;
        await using var instances = server.ConnectMany(Instances);
        var connections = instances.All;
        var limiters = connections.Select(c => Limiter(perSecond: 40, burst: Burst, on: c)).ToArray();
        var admissions = new ConcurrentBag<long>();
        var refusals = 0;
        var watch = Stopwatch.StartNew();
        var callers = from limiter in limiters
                      from _ in Enumerable.Range(0, Callers)
                      select Task.Run(async () =>
                      {
                          while (watch.Elapsed < TimeSpan.FromSeconds(1.5))
                          {
                              var decision = await limiter.DecideAsync("hot", 1);
                              Assert.NotEqual(0, decision.ServerMicros);
                              if (decision.Admitted)
                              {
                                  admissions.Add(decision.ServerMicros);
                              }
                              else
                              {
                                  Interlocked.Increment(ref refusals);
                              }
                          }
                      });
        await Task.WhenAll(callers);

        var times = admissions.Order().ToArray();
        var interval = limiters[0].IntervalMicros;
        Assert.True(times.Length >= Burst, $"only {times.Length} admissions");
        Assert.True(refusals > 0);
        for (var i = 0; i < times.Length; i++)
        {
            for (var j = i; j < times.Length; j++)
            {
                var allowed = Burst + ((times[j] - times[i]) / interval);
                Assert.True(j - i + 1 <= allowed, $"{j - i + 1} admissions in {times[j] - times[i]} µs; at most {allowed} allowed");
            }
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(GarnetCollection.Name)]
public sealed class RateLimiterOnGarnet(GarnetServerFixture server) : RateLimiterContract(server);

[Collection(RedisServerCollection.Name)]
public sealed class RateLimiterOnRedisServer(RedisServerFixture server) : RateLimiterContract(server);
