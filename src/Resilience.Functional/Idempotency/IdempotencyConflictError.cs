using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A duplicate of an idempotent request arrived while the first was still running (HTTP 409). The operation was not
/// run. Transient, with a retry-after hint: by then the first call has probably finished and its result can be replayed.
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="RetryAfterDelay">How long to wait before asking again.</param>
public sealed record IdempotencyConflictError(string Key, TimeSpan RetryAfterDelay)
    : Expected($"A request with idempotency key '{Key}' is already in progress; retry after {RetryAfterDelay}.", ErrorCodes.IdempotencyConflict, Option<Error>.None),
        IRetryAfterHint
{
    /// <summary>How long to wait before asking again.</summary>
    public Option<TimeSpan> RetryAfter => RetryAfterDelay;
}
