namespace Resilience.Functional;

/// <summary>The telemetry names of the token-bucket rate limiter (docs/telemetry.md#rate-limiting).</summary>
public static class RateLimiterTelemetry
{
    /// <summary>The default <see cref="TokenBucketOptions.Name"/>: <c>rate-limiter</c>.</summary>
    public const string DefaultName = "rate-limiter";

    /// <summary>Rejection reason: no token now, nor within the allowed wait.</summary>
    public const string RateLimited = "rate_limited";
}
