using System.Threading.RateLimiting;
using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Resilience.Functional.Load;

/// <summary>
/// The standard pipeline (rate limit → total timeout → retry → breaker → attempt timeout) in both libraries with the
/// same settings: our <see cref="Policy.Standard(StandardPipelineOptions)"/> defaults except the rate, raised so that
/// the bucket never rejects (the default 1000/s would reject almost every call of a load run and measure rejection
/// instead), and Polly built the way the benchmarks' pipeline class builds it. Our preset also keeps a retry budget,
/// which Polly has no counterpart for: that is extra work on our side.
/// </summary>
internal static class Pipelines
{
    /// <summary>A token bucket no load run empties.</summary>
    public static readonly TokenBucketOptions Unlimited = new() { TokensPerPeriod = int.MaxValue, Burst = int.MaxValue, Period = TimeSpan.FromSeconds(1) };

    /// <summary>Our standard preset with <see cref="Unlimited"/> as its rate.</summary>
    public static StandardPipelineOptions StandardOptions() => new() { RateLimit = Unlimited };

    /// <summary>Our side.</summary>
    public static Side Functional()
    {
        var call = Policy.Standard(StandardOptions()).Wrap(Side.Operation());
        return new Side("Resilience.Functional", () => call(CancellationToken.None).GetAwaiter().GetResult().IsRight);
    }

    /// <summary>Polly's side: the same layers and settings.</summary>
    public static Side Polly()
    {
        var operation = Side.Operation();
        var defaults = StandardOptions();
        var pipeline = new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = int.MaxValue,
                TokensPerPeriod = int.MaxValue,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                AutoReplenishment = true,
                QueueLimit = 0,
            }))
            .AddTimeout(defaults.TotalTimeout.Timeout)
            .AddRetry(new RetryStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result.IsLeft),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result.IsLeft),
                FailureRatio = 0.1,
                MinimumThroughput = 100,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
            })
            .AddTimeout(defaults.AttemptTimeout.Timeout)
            .Build();
        return new Side(
            "Polly",
            () => pipeline.ExecuteAsync(static (op, ct) => op(ct), operation, CancellationToken.None).GetAwaiter().GetResult().IsRight);
    }

    /// <summary>Each layer of our standard pipeline alone and the whole pipeline, to find which one allocates.</summary>
    public static IReadOnlyList<Side> FunctionalLayers()
    {
        var options = StandardOptions();
        Side Of(string name, Policy policy)
        {
            var call = policy.Wrap(Side.Operation());
            return new Side(name, () => call(CancellationToken.None).GetAwaiter().GetResult().IsRight);
        }

        return
        [
            Of("rate limiter", Policy.RateLimiter(new TokenBucket(options.RateLimit!))),
            Of("total timeout", Policy.Timeout(options.TotalTimeout)),
            Of("retry with budget", Policy.Retry(options.Retry with { Budget = new PercentRetryBudget(options.RetryBudget!) })),
            Of("circuit breaker", Policy.CircuitBreaker(new CircuitBreaker(options.CircuitBreaker))),
            Of("attempt timeout", Policy.Timeout(options.AttemptTimeout)),
            Of("standard (all five)", Policy.Standard(options)),
        ];
    }
}
