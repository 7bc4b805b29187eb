using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Fallback combinators: on an error, answer with a value, another operation, or an operation chosen from the
/// error. The caller's cancellation never falls back. Each returns an operation, so fallbacks chain:
/// <c>primary.WithLastKnownGood(cache, key).WithFallback(defaultValue)</c>.
/// </summary>
/// <remarks>
/// <see cref="OpLinq.Recover{A}"/>'s semantics: a success that completes synchronously passes through without
/// allocation, and the caller's cancellation is returned as it is. Each fallback taken is reported (docs/telemetry.md#fallback). The <c>…Tagged</c> forms return a <see cref="Served{T}"/> saying where the value came from.
/// </remarks>
public static class FallbackExtensions
{
    /// <summary>On any error but the caller's cancellation, succeeds with <paramref name="value"/>.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="value">The value served in place of an error.</param>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithFallback<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        T value)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var constant = Op.Succeed(value);
        var telemetry = Recorder();
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose = error => Used(telemetry, error, constant);
        return ct => Recovery.Invoke(operation, choose, ct);
    }

    /// <summary>On any error but the caller's cancellation, runs <paramref name="fallback"/> instead.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="fallback">The operation run in place of the failed one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithFallback<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Func<CancellationToken, ValueTask<Either<Error, T>>> fallback)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(fallback);
        var telemetry = Recorder();
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose = error => Used(telemetry, error, fallback);
        return ct => Recovery.Invoke(operation, choose, ct);
    }

    /// <summary>
    /// Falls back as <paramref name="options"/> say: only for the errors it selects, to the operation it chooses from
    /// the error.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="options">Which errors fall back, and to what.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithFallback<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        FallbackOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        var telemetry = Recorder(options.Name);
        Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> choose = error => options.Choose(error, telemetry);
        return ct => Recovery.Invoke(operation, choose, ct);
    }

    /// <summary>
    /// Like <see cref="WithFallback{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, FallbackOptions{T})"/>,
    /// but the value says whether it came from the primary or the fallback.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="options">Which errors fall back, and to what.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Served<T>>>> WithFallbackTagged<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        FallbackOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var telemetry = Recorder(options.Name);
        return operation.Map(Served.Primary).Recover(error => options.Choose(error, telemetry).Map(Served.Fallback));
    }

    /// <summary>
    /// Like <see cref="WithFallback{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, Func{CancellationToken, ValueTask{Either{Error, T}}})"/>,
    /// but the value says whether it came from the primary or the fallback.
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="fallback">The operation run in place of the failed one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Served<T>>>> WithFallbackTagged<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        Func<CancellationToken, ValueTask<Either<Error, T>>> fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var tagged = fallback.Map(Served.Fallback);
        var telemetry = Recorder();
        return operation.Map(Served.Primary).Recover(error => Used(telemetry, error, tagged));
    }

    // A fallback has no clock of its own and records no duration, only its event.
    internal static TelemetryRecorder Recorder(string name = FallbackTelemetry.DefaultName) => new(name, null, TimeProvider.System);

    internal static TFallback Used<TFallback>(TelemetryRecorder telemetry, Error cause, TFallback fallback)
    {
        telemetry.Occurred(FallbackTelemetry.FallbackUsed, ResilienceTelemetry.ErrorTypeTag, TelemetryRecorder.ErrorType(cause));
        return fallback;
    }
}
