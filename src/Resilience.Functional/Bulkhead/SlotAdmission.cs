using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The admission through a bulkhead's gate, shared by the bulkhead and the adaptive concurrency limit: a slot at once,
/// a wait in the queue, or the pattern's refusal; what runs in the slot is the pattern's (<see cref="ISlotUse"/>).
/// </summary>
internal static class SlotAdmission
{
    public static ValueTask<Either<Error, T>> Execute<T, TUse>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead gate,
        TUse use,
        TelemetryRecorder telemetry,
        CancellationToken ct)
        where TUse : struct, ISlotUse
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        switch (gate.TryEnter(out var waiter))
        {
            case BulkheadAdmission.Entered:
                return use.Run(operation, ct);
            case BulkheadAdmission.Queued:
                return WaitThenRun(operation, use, waiter!, telemetry, ct);
            default:
                telemetry.Rejected(use.RejectionReason);
                return Outcome.Failure<T>(use.Rejection);
        }
    }

    private static async ValueTask<Either<Error, T>> WaitThenRun<T, TUse>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TUse use,
        BulkheadWaiter waiter,
        TelemetryRecorder telemetry,
        CancellationToken ct)
        where TUse : struct, ISlotUse
    {
        waiter.Watch(ct);
        var admission = await waiter.Task.ConfigureAwait(false);
        waiter.Unwatch();
        switch (admission)
        {
            case BulkheadWaiter.Granted when ct.IsCancellationRequested:
                // Granted as the caller cancelled: a cancelled caller's call never runs (the kernel's rule).
                use.Release();
                return Either<Error, T>.Left(CancelledError.Instance);
            case BulkheadWaiter.Granted:
                return await use.Run(operation, ct).ConfigureAwait(false);
            case BulkheadWaiter.Cancelled:
                return Either<Error, T>.Left(CancelledError.Instance);
            default:
                telemetry.Rejected(use.RejectionReason);
                return Either<Error, T>.Left(use.Rejection);
        }
    }
}
