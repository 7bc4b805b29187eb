using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Benchmarks;

/// <summary>Two synchronously completing operations composed: by hand, and as a two-<c>from</c> query.</summary>
[MemoryDiagnoser]
public class LinqBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> first = Ops.CompletedSuccess(20);
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> second = Ops.CompletedSuccess(22);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> query = null!;

    [GlobalSetup]
    public void Setup() =>
        query = from a in first
                from b in second
                select a + b;

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => ByHand(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => query(CancellationToken.None);

    private async ValueTask<Either<Error, int>> ByHand(CancellationToken ct)
    {
        var a = await first(ct);
        if (a.IsLeft)
        {
            return a;
        }

        var b = await second(ct);
        return b.IsLeft ? b : Either<Error, int>.Right((int)a + (int)b);
    }
}
