using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A timeout fired before the operation finished. Transient. Carries LanguageExt's <see cref="Errors.TimedOutCode"/>.</summary>
/// <param name="Timeout">The timeout that elapsed.</param>
public sealed record TimeoutError(TimeSpan Timeout)
    : Expected($"The operation timed out after {Timeout}.", ErrorCodes.TimedOut, Option<Error>.None);
