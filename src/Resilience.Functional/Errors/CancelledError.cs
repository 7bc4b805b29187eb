using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The caller cancelled. Never retried, never counted as a downstream failure, never replaced by a fallback.
/// Carries LanguageExt's <see cref="Errors.CancelledCode"/>.
/// </summary>
public sealed record CancelledError : Expected
{
    /// <summary>The one instance: cancellation carries no per-call data.</summary>
    public static readonly CancelledError Instance = new();

    private CancelledError()
        : base(Errors.CancelledText, ErrorCodes.Cancelled, Option<Error>.None)
    {
    }
}
