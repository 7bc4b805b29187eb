using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.Hedging;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// One hedge after two seconds around an operation that succeeds synchronously, in both libraries: no hedge is ever
/// needed.
/// </summary>
[MemoryDiagnoser]
public class HedgingBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> operation = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = operation.WithHedging(new HedgingOptions { MaxHedgedAttempts = 1, Delay = TimeSpan.FromSeconds(2) });
        polly = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddHedging(new HedgingStrategyOptions<Either<Error, int>>
            {
                MaxHedgedAttempts = 1,
                Delay = TimeSpan.FromSeconds(2),
                ShouldHandle = new PredicateBuilder<Either<Error, int>>().Handle<Exception>().HandleResult(static r => r.IsLeft),
            })
            .Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => operation(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), operation, CancellationToken.None);
}
