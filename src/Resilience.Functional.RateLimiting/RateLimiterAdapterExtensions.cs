using System.Threading.RateLimiting;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Any <see cref="RateLimiter"/> (token bucket, fixed or sliding window, concurrency, partitioned, chained) as a combinator.</summary>
public static class RateLimiterAdapterExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> under a lease from <paramref name="limiter"/>, held until the operation ends
    /// (so concurrency limiters count running calls). The limiter's own queue settings decide whether a caller
    /// waits; a refused lease gives a <see cref="RateLimitedError"/> with the limiter's retry-after metadata when it
    /// has one, the caller's cancellation a <see cref="CancelledError"/>, a limiter fault an exceptional error.
    /// </summary>
    /// <remarks>
    /// Reports as the token bucket does, under <see cref="RateLimiterTelemetry.DefaultName"/>: each execution, and a
    /// <see cref="RateLimiterTelemetry.RateLimited"/> rejection for each refused lease (docs/telemetry.md#rate-limiting).
    /// </remarks>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to limit.</param>
    /// <param name="limiter">The shared limiter; the caller owns and disposes it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithRateLimiter<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(limiter);
        var telemetry = new TelemetryRecorder(RateLimiterTelemetry.DefaultName, pipeline: null, TimeProvider.System);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, limiter, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, limiter, telemetry, ct);
    }

    private static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RateLimiter limiter,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        ValueTask<RateLimitLease> acquiring;
        try
        {
            acquiring = limiter.AcquireAsync(1, ct);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(Outcome.FromException(ex, ct));
        }

        return acquiring.IsCompletedSuccessfully
            ? RunUnder(operation, acquiring.Result, telemetry, ct)
            : AwaitLease(operation, acquiring, telemetry, ct);
    }

    private static ValueTask<Either<Error, T>> RunUnder<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        RateLimitLease lease,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (!lease.IsAcquired)
        {
            telemetry.Rejected(RateLimiterTelemetry.RateLimited);
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Option<TimeSpan>.Some(after) : Option<TimeSpan>.None;
            lease.Dispose();
            return Outcome.Failure<T>(new RateLimitedError(retryAfter));
        }

        var pending = operation.Run(ct);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            lease.Dispose();
            return new(result);
        }

        return DisposeAfter(pending, lease);
    }

    private static async ValueTask<Either<Error, T>> AwaitLease<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ValueTask<RateLimitLease> acquiring,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        RateLimitLease lease;
        try
        {
            lease = await acquiring.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Either<Error, T>.Left(Outcome.FromException(ex, ct));
        }

        return await RunUnder(operation, lease, telemetry, ct).ConfigureAwait(false);
    }

    private static async ValueTask<Either<Error, T>> DisposeAfter<T>(ValueTask<Either<Error, T>> pending, RateLimitLease lease)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            lease.Dispose();
        }
    }
}
