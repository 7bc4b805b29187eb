using System.Threading.RateLimiting;
using LanguageExt;
using LanguageExt.Common;
using Polly;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// One token bucket that always has tokens shared by all workers, against Polly's rate limiter over
/// System.Threading.RateLimiting's token bucket with the same rate and burst. Per operation: take a token, call.
/// </summary>
public class RateLimiterContentionBenchmarks : ContentionBenchmark
{
    private TokenBucketRateLimiter limiter = null!;

    protected override Func<CancellationToken, ValueTask<Either<Error, int>>> BuildFunctional() =>
        Call.WithRateLimiter(new TokenBucket(new TokenBucketOptions
        {
            TokensPerPeriod = int.MaxValue,
            Period = TimeSpan.FromSeconds(1),
            Burst = int.MaxValue,
        }));

    protected override Action<int> BuildPolly()
    {
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = int.MaxValue,
            TokensPerPeriod = int.MaxValue,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        });
        return PollyLoop(new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build());
    }

    protected override void Dispose() => limiter.Dispose();
}
