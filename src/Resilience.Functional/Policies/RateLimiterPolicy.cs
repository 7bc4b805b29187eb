using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The token-bucket rate-limiter layer.</summary>
internal sealed class RateLimiterPolicy(TokenBucket bucket, TimeSpan maxWait) : Policy(bucket.Options.Name)
{
    internal override TimeProvider Clock => bucket.Options.TimeProvider;

    internal override string Settings => Describe(bucket.Options, maxWait);

    internal static string Describe(TokenBucketOptions o, TimeSpan maxWait) =>
        $"TokenBucket({o.TokensPerPeriod} per {Durations.Format(o.Period)}, burst {o.Burst}, {(maxWait == TimeSpan.Zero ? "no wait" : $"wait up to {Durations.Format(maxWait)}")})";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline) =>
        RateLimiterExtensions.Apply(operation, bucket, maxWait, name, pipeline);
}
