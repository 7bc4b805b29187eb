using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A stored error replayed for a duplicate idempotent request: the first call failed with <paramref name="Original"/>
/// and the operation was not run again. Keeps the original's code and message, so <c>error.Is(...)</c> by code holds.
/// </summary>
/// <param name="Original">The error as the serializer restored it.</param>
public sealed record ReplayedError(Error Original)
    : Expected(Original.Message, Original.Code, Option<Error>.Some(Original));
