using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A closed circuit breaker around a synchronously succeeding operation: ours with its default rule (consecutive
/// failures) and with a failure-ratio rule over a time-based and a count-based window, and Polly's (a failure-ratio
/// breaker over a 30 s sampling window; <c>FunctionalRatioWindow</c> has the same settings).
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functionalRatioWindow = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functionalRatioCountWindow = null!;
    private ResiliencePipeline<Either<Error, int>> polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithCircuitBreaker(new CircuitBreaker(new CircuitBreakerOptions()));

        // Polly's defaults: failure ratio 0.1, minimum throughput 100, 30 s sampling in 10 buckets.
        var ratio = new CircuitBreakerOptions { ConsecutiveFailures = null, FailureRatio = 0.1, MinimumThroughput = 100 };
        functionalRatioWindow = raw.WithCircuitBreaker(new CircuitBreaker(ratio with { Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10) }));
        functionalRatioCountWindow = raw.WithCircuitBreaker(new CircuitBreaker(ratio with { Window = SlidingWindow.ByCount(100) }));
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
    public ValueTask<Either<Error, int>> FunctionalRatioWindow() => functionalRatioWindow(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> FunctionalRatioCountWindow() => functionalRatioCountWindow(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
