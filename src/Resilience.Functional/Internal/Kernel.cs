using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The run rules, kept once for every combinator, LINQ operator and fallback: a token already cancelled runs nothing,
/// a thrown exception or faulted task becomes an error, a default (bottom) <see cref="Either{L,R}"/> becomes
/// <see cref="Errors.Bottom"/>, and a <see cref="ValueTask{TResult}"/> is consumed exactly once (an operation may be
/// backed by a pooled <see cref="System.Threading.Tasks.Sources.IValueTaskSource{TResult}"/> that is reused the moment
/// its result has been read).
/// </summary>
/// <remarks>
/// The pattern every caller follows: <see cref="Kernel{TSite}.Start{T}"/> the operation (from its combinator's own call site), then either <see cref="TryTake{T}"/> its
/// completed result (the synchronous path: no allocation, no state machine) or hand the still-pending task to
/// <see cref="Settle{T}"/>; never both, and never read the task again after either.
/// </remarks>
internal static partial class Kernel
{
    /// <summary>The error a combinator returns when a user function hands it a null operation.</summary>
    public static readonly Error NullOperation = Error.New("A combinator's function returned a null operation.");

    /// <summary>The error a lift returns when the function it lifts returns a null task.</summary>
    public static readonly Error NullTask = Error.New("A lifted function returned a null task.");

    /// <summary>
    /// The one rule for an exception: <see cref="CancelledError"/> when it is an <see cref="OperationCanceledException"/>
    /// and the caller's token asked for it, otherwise an <see cref="Exceptional"/> error carrying the exception.
    /// </summary>
    public static Error FromException(Exception exception, CancellationToken ct) =>
        exception is OperationCanceledException && ct.IsCancellationRequested
            ? CancelledError.Instance
            : Error.New(exception);

    /// <summary>
    /// Consumes <paramref name="pending"/> when it has already completed successfully, giving its guarded result; false
    /// when it is still running or faulted, and then only <see cref="Settle{T}"/> may consume it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryTake<T>(in ValueTask<Either<Error, T>> pending, out Either<Error, T> result)
    {
        if (pending.IsCompletedSuccessfully)
        {
            result = Guard(pending.Result);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Awaits <paramref name="pending"/> once; its fault becomes an error and a bottom result <see cref="Errors.Bottom"/>.</summary>
    public static async ValueTask<Either<Error, T>> Settle<T>(ValueTask<Either<Error, T>> pending, CancellationToken ct)
    {
        try
        {
            return Guard(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Either<Error, T>.Left(FromException(ex, ct));
        }
    }

    /// <summary>A finished result with bottom replaced by <see cref="Errors.Bottom"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Either<Error, T> Guard<T>(Either<Error, T> result) =>
        result.IsBottom ? Either<Error, T>.Left(Errors.Bottom) : result;

    /// <summary>The error of a failed result, <see cref="Errors.Bottom"/> for a bottom one.</summary>
    public static Error ErrorOf<T>(Either<Error, T> result) => result.IsLeft ? (Error)result : Errors.Bottom;
}
