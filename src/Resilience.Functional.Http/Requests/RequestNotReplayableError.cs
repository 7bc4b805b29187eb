using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A policy asked to send a request again that may be sent only once (an unsafe method without an
/// <c>Idempotency-Key</c>, or a body too large to buffer); the request was not sent again. Permanent.
/// </summary>
/// <param name="Reason">Why the request may be sent only once.</param>
/// <param name="Previous">The error of the attempt that was made.</param>
public sealed record RequestNotReplayableError(string Reason, Error Previous)
    : Expected($"The request was not sent again: {Reason}.", ErrorCodes.RequestNotReplayable, Previous);
