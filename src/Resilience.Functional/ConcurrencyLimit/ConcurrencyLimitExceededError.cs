using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// An adaptive concurrency limiter had every slot under its current limit in use and no room (or no time) left in its
/// queue: the call was shed before it reached the downstream. Transient.
/// </summary>
/// <param name="Limit">The limit when the call was refused.</param>
/// <param name="MaxQueue">The limiter's bound on queued callers.</param>
public sealed record ConcurrencyLimitExceededError(int Limit, int MaxQueue)
    : Expected($"The concurrency limit is reached ({Limit} running, {MaxQueue} queued).", ErrorCodes.ConcurrencyLimitExceeded, Option<Error>.None);
