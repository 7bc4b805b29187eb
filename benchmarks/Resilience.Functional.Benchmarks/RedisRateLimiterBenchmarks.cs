using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using RedisRateLimiting;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// One admitted call through the in-memory token bucket, the shared Redis limiter (one script, one round trip), and
/// RedisRateLimiting 1.2.1's token bucket on the same embedded server; and the shared limiter's throughput with
/// 4 instances × 16 callers (per call).
/// </summary>
[MemoryDiagnoser]
public class RedisRateLimiterBenchmarks
{
    private const int Callers = 4 * 16;
    private const int CallsPerCaller = 16;
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private RedisServer server = null!;
    private ConnectionMultiplexer[] connections = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> inMemory = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> redis = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>>[] instances = null!;
    private RedisTokenBucketRateLimiter<string> redisRateLimiting = null!;

    [GlobalSetup]
    public void Setup()
    {
        server = new RedisServer();
        connections = Enumerable.Range(0, 4).Select(_ => server.Connect()).ToArray();
        var bucket = new TokenBucketOptions { TokensPerPeriod = 1_000_000_000, Period = TimeSpan.FromSeconds(1), Burst = 1_000_000_000 };
        inMemory = raw.WithRateLimiter(new TokenBucket(bucket));
        var limiters = connections.Select(c => new RedisRateLimiter(c, new Resilience.Functional.Redis.RedisRateLimiterOptions { Bucket = bucket })).ToArray();
        redis = raw.WithRateLimiter(limiters[0], "tenant-1");
        instances = limiters.Select(l => raw.WithRateLimiter(l, "tenant-2")).ToArray();
        redisRateLimiting = new RedisTokenBucketRateLimiter<string>("tenant-3", new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => connections[0],
            TokenLimit = 1_000_000_000,
            TokensPerPeriod = 1_000_000_000,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        redisRateLimiting.Dispose();
        foreach (var c in connections)
        {
            c.Dispose();
        }

        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> InMemory() => inMemory(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Redis() => redis(CancellationToken.None);

    [Benchmark]
    public async Task<bool> RedisRateLimiting()
    {
        using var lease = await redisRateLimiting.AcquireAsync();
        return lease.IsAcquired;
    }

    /// <summary>Per call, with 4 connections × 16 concurrent callers on one key.</summary>
    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task Redis4x16() =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
        {
            var call = instances[i % instances.Length];
            for (var n = 0; n < CallsPerCaller; n++)
            {
                await call(CancellationToken.None);
            }
        }));
}
