using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Recovery from an error (<see cref="OpLinq.Recover{A}"/> and every fallback) in one frame. The success path is paid
/// by every call, so it inlines what <see cref="Op.Run{T}"/> does and hands back the operation's own completed task;
/// the fallback benchmark target (a fraction of Polly's cost) does not leave room for extra frames and copies.
/// </summary>
internal static class Recovery
{
    public static ValueTask<Either<Error, T>> Invoke<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        ValueTask<Either<Error, T>> pending;
        try
        {
            pending = operation(ct);
        }
        catch (Exception ex)
        {
            return OnError(Outcome.FromException(ex, ct), choose, ct);
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return InvokeAsync(pending, choose, ct);
        }

        var result = pending.Result;
        return result.IsRight ? pending : OnError(ErrorOf(result), choose, ct);
    }

    private static async ValueTask<Either<Error, T>> InvokeAsync<T>(
        ValueTask<Either<Error, T>> pending,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct)
    {
        Either<Error, T> result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            result = Either<Error, T>.Left(Outcome.FromException(ex, ct));
        }

        return result.IsRight ? result : await OnError(ErrorOf(result), choose, ct).ConfigureAwait(false);
    }

    private static Error ErrorOf<T>(Either<Error, T> result) => result.IsLeft ? (Error)result : Errors.Bottom;

    private static ValueTask<Either<Error, T>> OnError<T>(
        Error error,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct)
    {
        if (error.IsCancellation())
        {
            return Outcome.Failure<T>(error);
        }

        Func<CancellationToken, ValueTask<Either<Error, T>>> next;
        try
        {
            next = choose(error);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(Outcome.FromException(ex, ct));
        }

        return next is null ? Outcome.Failure<T>(Outcome.NullOperation) : next.Run(ct);
    }
}
