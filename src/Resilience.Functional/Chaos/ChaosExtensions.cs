using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Chaos engineering: inject faults, latency or replaced outcomes into an operation at a given rate, while the
/// shared <see cref="ChaosController"/> is switched on. For tests, simulations and game days, not for production
/// defaults. The caller's cancellation is honoured as everywhere else. Each injection is reported under the fault's,
/// latency's or outcome's <c>Name</c> (docs/telemetry.md#chaos).
/// </summary>
public static class ChaosExtensions
{
    /// <summary>At <see cref="ChaosFault.Rate"/>, fails with <see cref="ChaosFault.Error"/> without running the operation.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="chaos">The shared switch and random source.</param>
    /// <param name="fault">The rate and the error.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithChaos<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return Apply(operation, chaos, fault, fault.Name);
    }

    /// <summary>The fault injection reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosFault fault,
        string name,
        string? pipeline = null) =>
        Outcome(operation, chaos, new ChaosOutcome<T>(fault.Rate, Either<Error, T>.Left(fault.Error)) { Name = name }, pipeline, ChaosTelemetry.Fault);

    /// <summary>At <see cref="ChaosOutcome{T}.Rate"/>, returns <see cref="ChaosOutcome{T}.Outcome"/> without running the operation.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="chaos">The shared switch and random source.</param>
    /// <param name="outcome">The rate and the replacement outcome.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithChaos<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosOutcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(chaos);
        ArgumentNullException.ThrowIfNull(outcome);
        return Outcome(operation, chaos, outcome, null, ChaosTelemetry.Outcome);
    }

    private static Func<CancellationToken, ValueTask<Either<Error, T>>> Outcome<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosOutcome<T> outcome,
        string? pipeline,
        string kind)
    {
        var rate = outcome.Rate;
        var replaced = new ValueTask<Either<Error, T>>(outcome.Outcome);
        var telemetry = new TelemetryRecorder(outcome.Name, pipeline, chaos.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => ct.IsCancellationRequested ? Resilience.Functional.Outcome.Cancelled<T>()
            : chaos.Roll(rate) ? Injected(telemetry, kind, replaced)
            : Kernel<CallSite.Chaos>.Run(operation, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : layer(ct);
    }

    /// <summary>At <see cref="ChaosLatency.Rate"/>, waits <see cref="ChaosLatency.Latency"/> on the controller's clock, then runs the operation.</summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="chaos">The shared switch, random source and clock.</param>
    /// <param name="latency">The rate and the delay.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithChaos<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosLatency latency)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(chaos);
        ArgumentNullException.ThrowIfNull(latency);
        return Apply(operation, chaos, latency, latency.Name);
    }

    /// <summary>The latency injection reporting under <paramref name="name"/> (a policy's name), inside <paramref name="pipeline"/> if any.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ChaosController chaos,
        ChaosLatency latency,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, chaos.TimeProvider);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => !ct.IsCancellationRequested && chaos.Roll(latency.Rate)
            ? Injected(telemetry, ChaosTelemetry.Latency, DelayThenRun(operation, chaos.TimeProvider, latency.Latency, ct))
            : Kernel<CallSite.Chaos>.Run(operation, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : layer(ct);
    }

    private static ValueTask<Either<Error, T>> Injected<T>(TelemetryRecorder telemetry, string kind, ValueTask<Either<Error, T>> injected)
    {
        telemetry.Occurred(ChaosTelemetry.Injected, ChaosTelemetry.KindTag, kind);
        return injected;
    }

    private static async ValueTask<Either<Error, T>> DelayThenRun<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        TimeProvider clock,
        TimeSpan latency,
        CancellationToken ct)
    {
        return await Waits.Delay(clock, latency, ct).ConfigureAwait(false)
            ? await Kernel<CallSite.Chaos>.Run(operation, ct).ConfigureAwait(false)
            : Either<Error, T>.Left(CancelledError.Instance);
    }
}
