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
    /// slot is released on every path. Reports under <see cref="BulkheadOptions.Name"/> (docs/telemetry.md#bulkhead).
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
        return Apply(operation, bulkhead, bulkhead.Options.Name);
    }

    /// <summary>The bulkhead reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead bulkhead,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, bulkhead.Options.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, bulkhead, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, bulkhead, telemetry, ct);
    }

    internal static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Bulkhead bulkhead,
        TelemetryRecorder telemetry,
        CancellationToken ct) =>
        SlotAdmission.Execute(operation, bulkhead, new PlainSlot(bulkhead), telemetry, ct);

    // The bulkhead's use of a slot: the call itself, the slot released when it completes.
    private readonly struct PlainSlot(Bulkhead bulkhead) : ISlotUse
    {
        public Error Rejection => bulkhead.FullError;

        public string RejectionReason => BulkheadTelemetry.Full;

        public void Release() => bulkhead.Release();

        public ValueTask<Either<Error, T>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
        {
            var pending = Kernel<CallSite.Bulkhead>.Call(operation, ct);
            if (Kernel.TryTake(pending, out var result))
            {
                bulkhead.Release();
                return new(result);
            }

            return ReleaseAfter(pending, bulkhead, ct);
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
}
