using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>One call under the in-process bulkhead and under the shared concurrency limit (acquire and release: two round trips).</summary>
[MemoryDiagnoser]
public class RedisConcurrencyBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private RedisServer server = null!;
    private ConnectionMultiplexer connection = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> bulkhead = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> redis = null!;

    [GlobalSetup]
    public void Setup()
    {
        server = new RedisServer();
        connection = server.Connect();
        bulkhead = raw.WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 100 }));
        redis = raw.WithConcurrencyLimit(new RedisConcurrencyLimiter(connection, new RedisConcurrencyLimiterOptions { MaxConcurrency = 100 }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        connection.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> InMemory() => bulkhead(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Redis() => redis(CancellationToken.None);
}
