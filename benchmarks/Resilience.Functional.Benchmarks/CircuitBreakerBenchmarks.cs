using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A closed failure-ratio breaker around a synchronously succeeding operation, with Polly's defaults in both
/// libraries (ratio 0.1, minimum throughput 100, 30 s in 10 buckets): <c>Functional</c> against <c>Polly</c>.
/// <c>FunctionalCountWindow</c> is the same rule over the last 100 calls, and <c>FunctionalConsecutive</c> our default
/// consecutive-failure rule, which Polly does not have.
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functionalCountWindow = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functionalConsecutive = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Polly's defaults: failure ratio 0.1, minimum throughput 100, 30 s sampling in 10 buckets.
        var ratio = new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.1, MinimumThroughput = 100 };
        functional = raw.WithCircuitBreaker(new CircuitBreaker(ratio with { Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10) }));
        functionalCountWindow = raw.WithCircuitBreaker(new CircuitBreaker(ratio with { Window = SlidingWindow.ByCount(100) }));
        functionalConsecutive = raw.WithCircuitBreaker(new CircuitBreaker(new CircuitBreakerOptions()));
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
    public ValueTask<Either<Error, int>> FunctionalCountWindow() => functionalCountWindow(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> FunctionalConsecutive() => functionalConsecutive(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
