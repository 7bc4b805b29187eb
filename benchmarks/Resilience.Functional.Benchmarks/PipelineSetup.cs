using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Resilience.Functional.Benchmarks;

/// <summary>
/// The pipeline both libraries build for the pipeline benchmarks: total timeout, retry, breaker, attempt timeout. Both
/// breakers are the failure-ratio rule with Polly's defaults (Polly has no consecutive-failure breaker).
/// </summary>
internal static class PipelineSetup
{
    /// <summary>Polly's default breaker: failure ratio 0.1 over at least 100 calls in 30 s (10 buckets), break of 5 s.</summary>
    public static readonly CircuitBreakerOptions PollyDefaultBreaker = new()
    {
        ConsecutiveFailures = null,
        FailureRatio = 0.1,
        MinimumThroughput = 100,
        Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10),
        BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(5)),
    };

    public static PolicyPipeline Functional() =>
        Policy.Pipeline(
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(30) }),
            Policy.Retry(new RetryOptions { Backoff = Backoff.Exponential(TimeSpan.FromMilliseconds(200)).FullJitter().MaxRetries(3) }),
            Policy.CircuitBreaker(new CircuitBreaker(PollyDefaultBreaker)),
            Policy.Timeout(new() { Timeout = TimeSpan.FromSeconds(10) }));

    public static ResiliencePipelineBuilder<Either<Error, int>> Polly() =>
        new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddTimeout(TimeSpan.FromSeconds(30))
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
            })
            .AddTimeout(TimeSpan.FromSeconds(10));
}
