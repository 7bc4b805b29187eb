using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The token-bucket rate-limiter layer.</summary>
internal sealed class RateLimiterPolicy(TokenBucket bucket, TimeSpan maxWait) : Policy(bucket.Options.Name)
{
    internal override TimeProvider Clock => bucket.Options.TimeProvider;

    internal override string Settings =>
        $"TokenBucket({bucket.Options.TokensPerPeriod} per {Durations.Format(bucket.Options.Period)}, burst {bucket.Options.Burst}, {(maxWait == TimeSpan.Zero ? "no wait" : $"wait up to {Durations.Format(maxWait)}")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        RateLimiterExtensions.Apply(operation, bucket, maxWait, name, pipeline);
}
