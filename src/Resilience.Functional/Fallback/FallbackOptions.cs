using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>How a fallback replaces a failed operation.</summary>
/// <typeparam name="T">The type of the success value.</typeparam>
public sealed record FallbackOptions<T>
{
    /// <summary>Creates options that fall back to the operation <paramref name="fallback"/> chooses from the error.</summary>
    /// <param name="fallback">Chooses the operation to run in place of the failed one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fallback"/> is null.</exception>
    public FallbackOptions(Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> fallback) => Fallback = fallback;

    /// <summary>Chooses, from the error, the operation to run in place of the failed one.</summary>
    public Func<Error, Func<CancellationToken, ValueTask<Either<Error, T>>>> Fallback
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Fallback));
    }

    /// <summary>
    /// Which errors fall back; <c>null</c> (the default) means every error. The caller's cancellation never falls
    /// back, whatever this says; other errors are returned as they are.
    /// </summary>
    public Func<Error, bool>? ShouldHandle { get; init; }

    /// <summary>
    /// Called with the error once the fallback is chosen, just before it runs; <c>null</c> (the default) costs nothing.
    /// Like every observer in this library it cannot change the outcome: an exception it throws is swallowed.
    /// </summary>
    public Action<Error>? OnFallback { get; init; }

    internal Func<CancellationToken, ValueTask<Either<Error, T>>> Choose(Error error) => Choose(error, null);

    internal Func<CancellationToken, ValueTask<Either<Error, T>>> Choose(Error error, TelemetryRecorder? telemetry)
    {
        if (ShouldHandle is { } handle && !handle(error))
        {
            return Op.Fail<T>(error);
        }

        var fallback = Fallback(error);
        telemetry?.Occurred(FallbackTelemetry.FallbackUsed, ResilienceTelemetry.ErrorTypeTag, TelemetryRecorder.ErrorType(error));
        Kernel.Notify(OnFallback, error);
        return fallback;
    }

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>fallback</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = FallbackTelemetry.DefaultName;
}
