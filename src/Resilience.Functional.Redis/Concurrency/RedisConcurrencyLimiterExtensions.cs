using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional.Redis;

/// <summary>The combinator of the shared concurrency limit.</summary>
public static class RedisConcurrencyLimiterExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> under a permit of <paramref name="limiter"/>, renewed while it runs and
    /// released when it ends (success, error, exception or cancellation); without a free permit it returns a
    /// <see cref="BulkheadFullError"/> at once and does not run. Reports under
    /// <see cref="RedisConcurrencyLimiterOptions.Name"/> like a bulkhead (docs/telemetry.md#bulkhead).
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The call to the shared downstream.</param>
    /// <param name="limiter">The shared limiter.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithConcurrencyLimit<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RedisConcurrencyLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(limiter);
        var telemetry = new TelemetryRecorder(limiter.Options.Name, null, TimeProvider.System);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, limiter, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, limiter, telemetry, ct);
    }

    private static async ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RedisConcurrencyLimiter limiter,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Either<Error, T>.Left(CancelledError.Instance);
        }

        var permit = await limiter.TryAcquireAsync().ConfigureAwait(false);
        if (!permit.Acquired)
        {
            telemetry.Rejected(BulkheadTelemetry.Full);
            return Either<Error, T>.Left(limiter.Full);
        }

        try
        {
            using var renewal = permit.Lease is { } lease ? new LeaseRenewal(() => limiter.RenewAsync(lease), limiter.Options.LeaseDuration) : null;
            return await operation.Run(ct).ConfigureAwait(false);
        }
        finally
        {
            await limiter.ReleaseAsync(permit).ConfigureAwait(false);
        }
    }
}
