using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// An idempotent call on the in-memory store: a replay of a stored result, and a first run (claim, run, serialize,
/// store) under a full store that evicts on every insert. Polly has no idempotency strategy, so there is no Polly row.
/// </summary>
[MemoryDiagnoser]
public class IdempotencyBenchmarks
{
    private const int Keys = 1024;
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> call = Ops.CompletedSuccess(42);
    private readonly string[] keys = Enumerable.Range(0, Keys).Select(i => $"key-{i}").ToArray();
    private IdempotencyGuard policy = null!;
    private Func<CancellationToken, ValueTask<Either<Error, Idempotent<int>>>> replay = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        policy = new IdempotencyGuard(new InMemoryIdempotencyStore(Keys / 2));
        replay = call.WithIdempotency(policy, "stored");
        replay(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => call(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, Idempotent<int>>> Functional() => replay(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, Idempotent<int>>> FunctionalFirstRun() =>
        call.WithIdempotency(policy, keys[next++ & (Keys - 1)])(CancellationToken.None);
}
