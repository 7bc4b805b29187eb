using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The idempotency store could not claim the key (it threw, faulted, or gave an answer that breaks its protocol), so
/// the operation was not run: idempotency fails closed and never runs an effect without a lease. Transient: the store
/// may be back on the next try. <see cref="Error.Inner"/> holds what the store did.
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Cause">What went wrong in the store.</param>
public sealed record IdempotencyStoreUnavailableError(string Key, Error Cause)
    : Expected($"The idempotency store failed for key '{Key}', so the operation was not run: {Cause.Message}", ErrorCodes.IdempotencyStoreUnavailable, Option<Error>.Some(Cause));
