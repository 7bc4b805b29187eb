using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The one naming of an error by its type, shared by telemetry (<c>error.type</c>) and the simulator's reasons: the type
/// of the exception an error carries, else the error's own type.
/// </summary>
internal static class ErrorNames
{
    /// <summary>The type name <paramref name="error"/> stands for.</summary>
    /// <param name="error">The error.</param>
    /// <param name="qualifyExceptions">Whether an exception's type is named in full (namespace included), as
    /// OpenTelemetry asks of <c>error.type</c>; our own errors are always named by their short type name.</param>
    public static string TypeName(Error error, bool qualifyExceptions) =>
        error.Exception.IfNoneUnsafe((Exception?)null) is { } exception
            ? (qualifyExceptions ? exception.GetType().FullName : null) ?? exception.GetType().Name
            : WithoutArity(error.GetType().Name);

    // A generic error type is named without its arity: RetryableValueError, not RetryableValueError`1.
    private static string WithoutArity(string name) => name.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? name[..tick] : name;
}
