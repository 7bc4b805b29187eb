using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The bulkhead combinator.</summary>
public static class BulkheadExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> inside <paramref name="bulkhead"/>: with a free slot at once, otherwise after
    /// waiting in its queue; a full queue or a wait beyond <see cref="BulkheadOptions.MaxQueueWait"/> gives the
    /// bulkhead's <see cref="BulkheadFullError"/>, the caller's cancellation a <see cref="CancelledError"/>. The
    /// slot is released on every path.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="bulkhead">The shared bulkhead.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithBulkhead<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead bulkhead)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(bulkhead);
        return ct => Execute(operation, bulkhead, ct);
    }

    private static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead bulkhead,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        switch (bulkhead.TryEnter(out var waiter))
        {
            case BulkheadAdmission.Entered:
                var pending = Kernel.Start(operation, ct);
                if (Kernel.TryTake(pending, out var result))
                {
                    bulkhead.Release();
                    return new(result);
                }

                return ReleaseAfter(pending, bulkhead, ct);
            case BulkheadAdmission.Queued:
                return WaitThenRun(operation, bulkhead, waiter!, ct);
            default:
                return Outcome.Failure<T>(bulkhead.FullError);
        }
    }

    private static async ValueTask<Either<Error, T>> ReleaseAfter<T>(ValueTask<Either<Error, T>> pending, Bulkhead bulkhead, CancellationToken ct)
    {
        try
        {
            return await Kernel.Settle(pending, ct).ConfigureAwait(false);
        }
        finally
        {
            bulkhead.Release();
        }
    }

    private static async ValueTask<Either<Error, T>> WaitThenRun<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead bulkhead,
        BulkheadWaiter waiter,
        CancellationToken ct)
    {
        waiter.Watch(ct);
        var admission = await waiter.Task.ConfigureAwait(false);
        waiter.Unwatch();
        return admission switch
        {
            BulkheadWaiter.Granted => await ReleaseAfter(Kernel.Start(operation, ct), bulkhead, ct).ConfigureAwait(false),
            BulkheadWaiter.Cancelled => Either<Error, T>.Left(CancelledError.Instance),
            _ => Either<Error, T>.Left(bulkhead.FullError),
        };
    }
}
