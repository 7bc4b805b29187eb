using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>The success path of the last-known-good step: stored in memory, or written to Redis in the background (no round trip waited for).</summary>
[MemoryDiagnoser]
public class RedisLastKnownGoodBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private RedisServer server = null!;
    private ConnectionMultiplexer connection = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> inMemory = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> redis = null!;

    [GlobalSetup]
    public void Setup()
    {
        server = new RedisServer();
        connection = server.Connect();
        inMemory = raw.WithLastKnownGood(new LastKnownGoodCache<string, int>(new LastKnownGoodOptions()), "price");
        redis = raw.WithLastKnownGood(new RedisLastKnownGoodStore<int>(connection, new RedisLastKnownGoodOptions()), "price");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        connection.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> InMemory() => inMemory(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Redis() => redis(CancellationToken.None);
}
