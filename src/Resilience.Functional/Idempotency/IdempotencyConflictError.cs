using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A duplicate of an idempotent request arrived while the key was claimed (HTTP 409): the first call is still running,
/// or it ended ambiguously and the key is held until its lease runs out (<see cref="AmbiguousFailureMode.HoldKey"/>).
/// The operation was not run. Transient, with a retry-after hint: by then the first call has probably finished and its
/// result can be replayed.
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
