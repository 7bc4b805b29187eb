using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>A closed breaker's success path, local only and linked to its cluster on Redis (polling in the background): the same path, never on the network.</summary>
[MemoryDiagnoser]
public class RedisCircuitBreakerBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private RedisServer server = null!;
    private ConnectionMultiplexer connection = null!;
    private ClusterBreakerLink link = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> local = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> clustered = null!;

    private static CircuitBreakerOptions Options => new() { FailureRatio = 0.5, MinimumThroughput = 10, Window = SlidingWindow.ByCount(100) };

    [GlobalSetup]
    public void Setup()
    {
        server = new RedisServer();
        connection = server.Connect();
        local = raw.WithCircuitBreaker(new CircuitBreaker(Options));
        var breaker = new CircuitBreaker(Options);
        link = new ClusterBreakerLink(breaker, new RedisBreakerCluster(connection, new RedisBreakerClusterOptions()), new ClusterBreakerOptions());
        link.SyncAsync(CancellationToken.None).GetAwaiter().GetResult();
        link.Start();
        clustered = raw.WithCircuitBreaker(breaker);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        link.Dispose();
        connection.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Local() => local(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Clustered() => clustered(CancellationToken.None);
}
