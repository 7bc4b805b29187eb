using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Every attempt of a hedged operation failed with an error worth hedging. Carries each attempt's error in the
/// order the attempts were started, so nothing is lost. Permanent: an outer retry should not multiply the hedges.
/// </summary>
/// <param name="Attempts">Every attempt's error, first attempt first.</param>
public sealed record HedgingExhaustedError(Seq<Error> Attempts)
    : Expected(
        $"All {Attempts.Count} hedged attempts failed; first error: {(Attempts.IsEmpty ? "none" : Attempts.Head.Message)}",
        ErrorCodes.HedgingExhausted,
        Attempts.IsEmpty ? Option<Error>.None : Attempts.Head);
