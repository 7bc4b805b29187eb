using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Functional.Benchmarks;

/// <summary>A closed circuit breaker around a synchronously succeeding operation (default rules on both sides).</summary>
[MemoryDiagnoser]
public class CircuitBreakerBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithCircuitBreaker(new CircuitBreaker(new CircuitBreakerOptions()));
        polly = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Result.IsLeft),
            })
            .Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
