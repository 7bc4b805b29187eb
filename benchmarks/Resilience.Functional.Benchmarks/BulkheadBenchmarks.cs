using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A synchronously completing operation through an uncontended bulkhead of 10 slots and no queue; Polly: its
/// concurrency limiter (Polly.RateLimiting) with 10 permits and no queue.
/// </summary>
[MemoryDiagnoser]
public class BulkheadBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 10, MaxQueueLength = 0 }));
        polly = new ResiliencePipelineBuilder().AddConcurrencyLimiter(permitLimit: 10, queueLimit: 0).Build();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
