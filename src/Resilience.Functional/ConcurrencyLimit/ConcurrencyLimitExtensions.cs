using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The adaptive concurrency limit combinator.</summary>
public static class ConcurrencyLimitExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> under <paramref name="limiter"/>'s current limit: with a free slot at once,
    /// otherwise after waiting in its queue; a full queue or a wait beyond
    /// <see cref="AdaptiveConcurrencyOptions.MaxQueueWait"/> gives a <see cref="ConcurrencyLimitExceededError"/>, the
    /// caller's cancellation a <see cref="CancelledError"/>. Each call that runs is timed on the limiter's clock and its
    /// outcome moves the limit; the slot is released on every path. Reports under
    /// <see cref="AdaptiveConcurrencyOptions.Name"/> (docs/telemetry.md#concurrency-limit).
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="limiter">The shared limiter.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithConcurrencyLimit<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        AdaptiveConcurrencyLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(limiter);
        return Apply(operation, limiter, limiter.Options.Name);
    }

    /// <summary>The limit reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        AdaptiveConcurrencyLimiter limiter,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, limiter.Options.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, limiter, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, limiter, telemetry, ct);
    }

    private static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        AdaptiveConcurrencyLimiter limiter,
        TelemetryRecorder telemetry,
        CancellationToken ct) =>
        SlotAdmission.Execute(operation, limiter.Gate, new MeasuredSlot(limiter), telemetry, ct);

    // The limit's use of a slot: the call timed, its outcome moving the limit.
    private readonly struct MeasuredSlot(AdaptiveConcurrencyLimiter limiter) : ISlotUse
    {
        public Error Rejection => limiter.Rejection();

        public string RejectionReason => ConcurrencyLimitTelemetry.Exceeded;

        public void Release() => limiter.Gate.Release();

        public ValueTask<Either<Error, T>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct) =>
            Measured(operation, limiter, ct);
    }

    // Holding a slot: times the call, then lets its outcome move the limit before the slot is freed, so that a lowered
    // limit holds back the next caller.
    private static ValueTask<Either<Error, T>> Measured<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        AdaptiveConcurrencyLimiter limiter,
        CancellationToken ct)
    {
        var inFlight = limiter.InFlight;
        var started = limiter.Options.TimeProvider.GetTimestamp();
        var pending = Kernel<CallSite.ConcurrencyLimit>.Call(operation, ct);
        if (Kernel.TryTake(pending, out var result))
        {
            Complete(limiter, result, started, inFlight);
            return new(result);
        }

        return MeasuredLater(pending, limiter, started, inFlight, ct);
    }

    private static async ValueTask<Either<Error, T>> MeasuredLater<T>(
        ValueTask<Either<Error, T>> pending,
        AdaptiveConcurrencyLimiter limiter,
        long started,
        int inFlight,
        CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        Complete(limiter, result, started, inFlight);
        return result;
    }

    private static void Complete<T>(AdaptiveConcurrencyLimiter limiter, Either<Error, T> result, long started, int inFlight)
    {
        try
        {
            limiter.Record(result, started, inFlight);
        }
        finally
        {
            limiter.Gate.Release();
        }
    }
}
