using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>An idempotent call replayed (one round trip on Redis) and run the first time (begin and complete: two), in memory and on the embedded server.</summary>
[MemoryDiagnoser]
public class RedisIdempotencyBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private RedisServer server = null!;
    private ConnectionMultiplexer connection = null!;
    private IdempotencyGuard memory = null!;
    private IdempotencyGuard redis = null!;
    private long next;

    [GlobalSetup]
    public void Setup()
    {
        server = new RedisServer();
        connection = server.Connect();
        memory = new IdempotencyGuard(new InMemoryIdempotencyStore(1_000_000));
        redis = new IdempotencyGuard(new RedisIdempotencyStore(connection));
        raw.WithIdempotency(memory, "replayed").Run(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        raw.WithIdempotency(redis, "replayed").Run(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        connection.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, Idempotent<int>>> InMemoryReplay() => raw.WithIdempotency(memory, "replayed")(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, Idempotent<int>>> RedisReplay() => raw.WithIdempotency(redis, "replayed")(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, Idempotent<int>>> InMemoryFirstRun() => raw.WithIdempotency(memory, $"k{Interlocked.Increment(ref next)}")(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, Idempotent<int>>> RedisFirstRun() => raw.WithIdempotency(redis, $"k{Interlocked.Increment(ref next)}")(CancellationToken.None);
}
