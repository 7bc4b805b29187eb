using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Hedging: when an attempt has given no result within <see cref="HedgingOptions.Delay"/>, or has failed with an
/// error worth hedging, start another, up to <see cref="HedgingOptions.MaxHedgedAttempts"/> more. The first success
/// wins and the other attempts are cancelled; their outcomes are still awaited by nobody but never fault, so no
/// exception goes unobserved.
/// </summary>
/// <remarks>
/// Outcomes: the first success; else the first failure not worth hedging (see
/// <see cref="HedgingOptions.ShouldHedge"/>), returned as it is; else, when every attempt failed, a
/// <see cref="HedgingExhaustedError"/> listing every attempt's error; the caller's cancellation gives
/// <see cref="CancelledError"/>. Attempts run with a token of their own, cancelled when the call ends, so use
/// hedging only for idempotent operations. A first attempt that completes synchronously returns at once: no timer,
/// no task, no allocation. Reports its attempts, hedges and exhaustion under <see cref="HedgingOptions.Name"/>
/// (docs/telemetry.md#hedging).
/// </remarks>
public static class HedgingExtensions
{
    /// <summary>Hedges <paramref name="operation"/> as <paramref name="options"/> say.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to hedge; it must be safe to run more than once at a time.</param>
    /// <param name="options">How many hedges, after what delay, on which failures, on which clock.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithHedging<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        HedgingOptions options)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        return Apply(operation, options, options.Name);
    }

    /// <summary>The hedging reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        HedgingOptions options,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, options.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Start(operation, options, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Start(operation, options, telemetry, ct);
    }

    private static ValueTask<Either<Error, T>> Start<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        HedgingOptions options,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        var attempts = TokenSourcePool.Rent();
        var started = telemetry.AttemptStart();
        // The operation is never null (checked when hedging is applied) and a rented token is never cancelled.
        var first = Kernel<CallSite.Hedging>.Call(operation, attempts.Token);
        if (!Kernel.TryTake(first, out var result))
        {
            return new HedgedCall<T>(operation, options, telemetry, attempts, ct).RunAsync(telemetry.AttemptAsync(first, started, attempts.Token));
        }

        telemetry.Attempt(result, started);
        if (result.IsRight || !options.ShouldHedge.IsTransient((Error)result))
        {
            TokenSourcePool.Return(attempts);
            return new(result);
        }

        return new HedgedCall<T>(operation, options, telemetry, attempts, ct).RunAsync(new(result));
    }
}
