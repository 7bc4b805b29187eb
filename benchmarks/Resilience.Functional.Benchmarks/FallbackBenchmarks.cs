using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.Fallback;

namespace Resilience.Functional.Benchmarks;

/// <summary>A fallback to a value around an operation that succeeds synchronously (the primary path), in both libraries.</summary>
[MemoryDiagnoser]
public class FallbackBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> operation = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = operation.WithFallback(0);
        polly = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddFallback(new FallbackStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = new PredicateBuilder<Either<Error, int>>().Handle<Exception>().HandleResult(static r => r.IsLeft),
                FallbackAction = static _ => global::Polly.Outcome.FromResultAsValueTask(Either<Error, int>.Right(0)),
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
