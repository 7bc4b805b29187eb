using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// Single-flight around an operation that succeeds at once, with no other caller (the uncontended hot path), and a
/// call answered by a reused success. Polly has no equivalent (no request coalescing), so there is no Polly method:
/// the ratio is against the raw call only.
/// </summary>
[MemoryDiagnoser]
public class SingleFlightBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> reused = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithSingleFlight(new SingleFlight<string, int>(), "key");
        reused = raw.WithSingleFlight(new SingleFlight<string, int>(new SingleFlightOptions { ReuseFor = TimeSpan.FromHours(1) }), "key");
        _ = reused(CancellationToken.None).Result;
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> FunctionalReused() => reused(CancellationToken.None);
}
