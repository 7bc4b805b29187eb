using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// An HTTP response status as an error, so the default <see cref="ErrorClassifier"/> can tell transient statuses
/// (408, 429, 5xx) from permanent ones and a retry can honour <c>Retry-After</c>.
/// </summary>
/// <param name="StatusCode">The HTTP status code (100–599); it is also the error's <see cref="Error.Code"/>.</param>
/// <param name="RetryAfter">The response's <c>Retry-After</c>, if any.</param>
public sealed record HttpStatusError(int StatusCode, Option<TimeSpan> RetryAfter)
    : Expected($"HTTP {StatusCode}", ValidStatus(StatusCode), Option<Error>.None), IRetryAfterHint
{
    /// <summary>The response's <c>Retry-After</c>, if any.</summary>
    public Option<TimeSpan> RetryAfter { get; init; } = RetryAfterHints.Validate(RetryAfter, nameof(RetryAfter));

    /// <summary>An HTTP status error without a retry-after hint.</summary>
    /// <param name="statusCode">The HTTP status code (100–599).</param>
    public HttpStatusError(int statusCode)
        : this(statusCode, Option<TimeSpan>.None)
    {
    }

    private static int ValidStatus(int statusCode) =>
        statusCode is >= 100 and <= 599
            ? statusCode
            : throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An HTTP status code must be in [100, 599].");
}
