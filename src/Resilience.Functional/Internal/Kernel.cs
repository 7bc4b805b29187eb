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
/// The pattern every caller follows: <see cref="Start{T}"/> the operation, then either <see cref="TryTake{T}"/> its
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
    /// Invokes a user operation without consuming what it returns: a cancelled token gives a cancelled outcome without
    /// running it, a null operation and a synchronous throw give a completed failure (a default
    /// <see cref="ValueTask{TResult}"/>, the nearest thing to a null task, is a completed bottom that the later steps turn
    /// into <see cref="Errors.Bottom"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> Start<T>(Func<CancellationToken, ValueTask<Either<Error, T>>>? operation, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        return operation is null ? Outcome.Failure<T>(NullOperation) : Call(operation, ct);
    }

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

    /// <summary>
    /// <see cref="Start{T}"/>, then the completed result or <see cref="Settle{T}"/>: the operation run with every rule;
    /// the returned task never faults, is never bottom and may be consumed once by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<Either<Error, T>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, T>>>? operation, CancellationToken ct)
    {
        var pending = Start(operation, ct);
        return TryTake(pending, out var result) ? new(result) : Settle(pending, ct);
    }

    /// <summary>
    /// Runs the operation a user function chooses from <paramref name="input"/> (a bind, a recovery, a fallback): a
    /// throw while choosing becomes the error, and the chosen operation runs by every rule of <see cref="Run{T}"/>.
    /// </summary>
    public static ValueTask<Either<Error, T>> Continue<TInput, T>(
        Func<TInput, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        TInput input,
        CancellationToken ct)
    {
        Func<CancellationToken, ValueTask<Either<Error, T>>> next;
        try
        {
            next = choose(input);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(FromException(ex, ct));
        }

        return Run(next, ct);
    }

    /// <summary>A finished result with bottom replaced by <see cref="Errors.Bottom"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Either<Error, T> Guard<T>(Either<Error, T> result) =>
        result.IsBottom ? Either<Error, T>.Left(Errors.Bottom) : result;

    /// <summary>The error of a failed result, <see cref="Errors.Bottom"/> for a bottom one.</summary>
    public static Error ErrorOf<T>(Either<Error, T> result) => result.IsLeft ? (Error)result : Errors.Bottom;

    /// <summary>
    /// <see cref="Start{T}"/> without its token check, for a combinator that has checked the token itself before taking
    /// a permit: the operation's own task (not consumed), or its synchronous throw as a completed failure.
    /// </summary>
    public static ValueTask<Either<Error, T>> Call<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
    {
        try
        {
            return operation(ct);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(FromException(ex, ct));
        }
    }
}
