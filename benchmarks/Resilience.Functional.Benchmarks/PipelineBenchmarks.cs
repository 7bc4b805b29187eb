using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// Total timeout → retry → circuit breaker (failure ratio, Polly's defaults) → attempt timeout around a synchronously
/// succeeding operation, telemetry off in both libraries. <c>Combinators</c> is the same chain written with the
/// operation-first extensions.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> combinators = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = PipelineSetup.Functional().Wrap(raw);
        combinators = raw
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCircuitBreaker(new CircuitBreaker(PipelineSetup.PollyDefaultBreaker))
            .WithRetry(new RetryOptions { Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(200)).FullJitter().MaxRetries(3) })
            .WithTimeout(TimeSpan.FromSeconds(30));
        polly = PipelineSetup.Polly().Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Combinators() => combinators(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
