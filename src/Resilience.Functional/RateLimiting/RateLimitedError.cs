using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A rate limiter had no permit for the call. Transient, with a retry-after hint when the limiter knows one.</summary>
/// <param name="RetryAfter">When a permit is expected to be available, if known.</param>
public sealed record RateLimitedError(Option<TimeSpan> RetryAfter)
    : Expected(
        RetryAfter.Match(d => $"Rate limited; retry after {d}.", () => "Rate limited."),
        ErrorCodes.RateLimited,
        Option<Error>.None), IRetryAfterHint
{
    /// <summary>When a permit is expected to be available, if known.</summary>
    public Option<TimeSpan> RetryAfter { get; init; } = RetryAfterHints.Validate(RetryAfter, nameof(RetryAfter));
}
