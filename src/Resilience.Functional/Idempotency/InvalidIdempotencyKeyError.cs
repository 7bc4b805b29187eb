using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The idempotency key of a call was null, empty or longer than <see cref="IdempotencyGuard.MaxKeyLength"/> (HTTP 400).
/// Keys come with each call, so this is an error value, not an exception. Nothing was run or stored. Permanent.
/// </summary>
/// <param name="Reason">What is wrong with the key.</param>
public sealed record InvalidIdempotencyKeyError(string Reason)
    : Expected($"Invalid idempotency key: {Reason}", ErrorCodes.InvalidIdempotencyKey, Option<Error>.None);
