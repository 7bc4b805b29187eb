using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The adaptive concurrency limit layer.</summary>
internal sealed class ConcurrencyLimitPolicy(AdaptiveConcurrencyLimiter limiter) : Policy(limiter.Options.Name)
{
    internal override TimeProvider Clock => limiter.Options.TimeProvider;

    internal override string Settings =>
        $"ConcurrencyLimit({limiter.Options.Algorithm.Describe()}, limit {limiter.Options.MinLimit}..{limiter.Options.MaxLimit} from {limiter.Options.InitialLimit}, queue {limiter.Options.MaxQueueLength}, queue wait {limiter.Options.MaxQueueWait.Match(Durations.Format, () => "unbounded")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        ConcurrencyLimitExtensions.Apply(operation, limiter, name, pipeline);
}
