using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A retry's schedule ended before any attempt succeeded. Permanent: an outer retry should not multiply the inner
/// one's attempts.
/// </summary>
/// <param name="Attempts">Every attempt's error, oldest first.</param>
public sealed record RetriesExhaustedError(Seq<Error> Attempts)
    : Expected(
        $"Gave up after {Attempts.Count} attempts; last error: {(Attempts.IsEmpty ? "none" : Attempts.Last.Message)}",
        ErrorCodes.RetriesExhausted,
        Attempts.IsEmpty ? Option<Error>.None : Option<Error>.Some(Attempts.Last));
