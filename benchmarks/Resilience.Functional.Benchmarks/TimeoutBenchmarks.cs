using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks;

/// <summary>A synchronously completing operation under a 30-second cooperative timeout on the system clock, in both libraries.</summary>
[MemoryDiagnoser]
public class TimeoutBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithTimeout(TimeSpan.FromSeconds(30));
        polly = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
