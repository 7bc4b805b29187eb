using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A synchronously completing operation through an uncontended adaptive concurrency limit (AIMD and Gradient2, each
/// call timed and sampled), against the static bulkhead it is built on and Polly's concurrency limiter
/// (Polly.RateLimiting's <c>AddConcurrencyLimiter</c>, static: Polly has no adaptive limit), all at 10 slots, no queue.
/// </summary>
[MemoryDiagnoser]
public class ConcurrencyLimitBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> aimd = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> gradient2 = null!;
    private Func<CancellationToken, ValueTask<Either<Error, int>>> bulkhead = null!;
    private ResiliencePipeline polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Min = max = 10: the limit cannot run away from the static ones while the samples still run the algorithm.
        AdaptiveConcurrencyLimiter Limiter(ConcurrencyLimitAlgorithm algorithm) =>
            new(new AdaptiveConcurrencyOptions { Algorithm = algorithm, InitialLimit = 10, MinLimit = 10, MaxLimit = 10 });
        aimd = raw.WithConcurrencyLimit(Limiter(new AimdOptions()));
        gradient2 = raw.WithConcurrencyLimit(Limiter(new Gradient2Options()));
        bulkhead = raw.WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 10, MaxQueueLength = 0 }));
        polly = new ResiliencePipelineBuilder().AddConcurrencyLimiter(permitLimit: 10, queueLimit: 0).Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => gradient2(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> FunctionalAimd() => aimd(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> StaticBulkhead() => bulkhead(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
