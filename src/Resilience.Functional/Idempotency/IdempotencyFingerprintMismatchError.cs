using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The idempotency key was already used for a request with a different fingerprint (HTTP 422). The operation was not
/// run. Permanent: the client reused a key for another request.
/// </summary>
/// <param name="Key">The idempotency key.</param>
public sealed record IdempotencyFingerprintMismatchError(string Key)
    : Expected($"Idempotency key '{Key}' was already used for a different request.", ErrorCodes.IdempotencyFingerprintMismatch, Option<Error>.None);
