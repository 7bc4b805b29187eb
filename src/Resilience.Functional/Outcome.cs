using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Building blocks for combinators: completed outcomes without allocation, and the one rule that turns an
/// exception into an error.
/// </summary>
public static class Outcome
{
    /// <summary>A completed success.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    public static ValueTask<Either<Error, T>> Success<T>(T value) => new(Either<Error, T>.Right(value));

    /// <summary>A completed failure.</summary>
    /// <typeparam name="T">The type the operation would have returned.</typeparam>
    /// <param name="error">The error.</param>
    public static ValueTask<Either<Error, T>> Failure<T>(Error error) => new(Either<Error, T>.Left(error));

    /// <summary>A completed <see cref="CancelledError"/> failure.</summary>
    /// <typeparam name="T">The type the operation would have returned.</typeparam>
    public static ValueTask<Either<Error, T>> Cancelled<T>() => new(Either<Error, T>.Left(CancelledError.Instance));

    /// <summary>
    /// The error for an exception: <see cref="CancelledError"/> when it is an <see cref="OperationCanceledException"/>
    /// and the caller's token asked for it, otherwise an <see cref="Exceptional"/> error carrying the exception.
    /// </summary>
    /// <param name="exception">The exception thrown or carried by a faulted task.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static Error FromException(Exception exception, CancellationToken cancellationToken) =>
        Kernel.FromException(exception, cancellationToken);
}
