using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// A synchronously completing operation through a token bucket that always has tokens; Polly: its rate limiter over
/// System.Threading.RateLimiting's token bucket with the same rate and burst.
/// </summary>
[MemoryDiagnoser]
public class RateLimiterBenchmarks
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, int>>> raw = Ops.CompletedSuccess(42);
    private Func<CancellationToken, ValueTask<Either<Error, int>>> functional = null!;
    private ResiliencePipeline polly = null!;
    private TokenBucketRateLimiter limiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        functional = raw.WithRateLimiter(new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = int.MaxValue,
            Period = TimeSpan.FromSeconds(1),
            Burst = int.MaxValue,
        }));
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = int.MaxValue,
            TokensPerPeriod = int.MaxValue,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        });
        polly = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => limiter.Dispose();

    [Benchmark(Baseline = true)]
    public ValueTask<Either<Error, int>> Raw() => raw(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Functional() => functional(CancellationToken.None);

    [Benchmark]
    public ValueTask<Either<Error, int>> Polly() =>
        polly.ExecuteAsync(static (op, ct) => op(ct), raw, CancellationToken.None);
}
