using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Recovery from an error (<see cref="OpLinq.Recover{A}"/> and every fallback) in one frame: the operation runs by the
/// kernel's rules, a success is handed back at once, and only an error reaches <c>choose</c>.
/// </summary>
internal static class Recovery
{
    public static ValueTask<Either<Error, T>> Invoke<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct)
    {
        var pending = Kernel<CallSite.Recovery>.Start(operation, ct);
        if (!Kernel.TryTake(pending, out var result))
        {
            return InvokeAsync(pending, choose, ct);
        }

        return result.IsRight ? new(result) : OnError((Error)result, choose, ct);
    }

    private static async ValueTask<Either<Error, T>> InvokeAsync<T>(
        ValueTask<Either<Error, T>> pending,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        return result.IsRight ? result : await OnError((Error)result, choose, ct).ConfigureAwait(false);
    }

    private static ValueTask<Either<Error, T>> OnError<T>(
        Error error,
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose,
        CancellationToken ct) =>
        error.IsCancellation() ? Outcome.Failure<T>(error) : Kernel<CallSite.Recovery>.Continue(choose, error, ct);
}
