using LanguageExt;
using LanguageExt.Common;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Functional.Benchmarks.Contention;

/// <summary>
/// The breaker both contention classes share, in both libraries: Polly's default rule (failure ratio 0.1 over at least
/// 100 calls in a 30 s window of 10 buckets), with a one-hour break so an opened circuit stays open for the run.
/// </summary>
internal static class BreakerSettings
{
    public static readonly TimeSpan Break = TimeSpan.FromHours(1);

    public static CircuitBreaker Functional() =>
        new(new CircuitBreakerOptions
        {
            ConsecutiveFailures = null,
            FailureRatio = 0.1,
            MinimumThroughput = 100,
            Window = SlidingWindow.ByTime(TimeSpan.FromSeconds(30), 10),
            BreakDuration = BreakDuration.Fixed(Break),
        });

    public static ResiliencePipeline<Either<Error, int>> Polly() =>
        new ResiliencePipelineBuilder<Either<Error, int>>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Either<Error, int>>
            {
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result.IsLeft),
                BreakDuration = Break,
            })
            .Build();
}
