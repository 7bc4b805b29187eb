namespace Resilience.Functional.Testing;

/// <summary>Short, stable names for outcomes, used as the keys of rejection counts and in the event log.</summary>
public static class ErrorReason
{
    /// <summary>The reason of a success.</summary>
    public const string Ok = "ok";

    /// <summary>
    /// <c>HTTP 503</c> for an <see cref="HttpStatusError"/>, the exception's type name for an exceptional error, else
    /// the error's type name (<c>TimeoutError</c>, <c>CircuitOpenError</c>, <c>CancelledError</c>, …).
    /// </summary>
    /// <param name="error">The error.</param>
    public static string Of(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            HttpStatusError http => $"HTTP {http.StatusCode}",
            _ => ErrorNames.TypeName(error, qualifyExceptions: false),
        };
    }

    /// <summary><see cref="Ok"/> for a success, else the error's reason.</summary>
    /// <typeparam name="T">The success type.</typeparam>
    /// <param name="outcome">The outcome.</param>
    public static string Of<T>(Either<Error, T> outcome) =>
        outcome.IsBottom ? "bottom" : outcome.Match(Right: static _ => Ok, Left: Of);
}
