using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.CircuitBreaking;

namespace Resilience.Functional;

/// <summary>The circuit-breaker combinator.</summary>
public static class CircuitBreakerExtensions
{
    /// <summary>
    /// Guards <paramref name="operation"/> with <paramref name="breaker"/>: a rejected call returns a
    /// <see cref="CircuitOpenError"/> without running; an admitted call's outcome is reported to the breaker (transient
    /// errors as failures, other errors ignored, the caller's cancellation as nothing). A half-open probe that has not
    /// finished within <see cref="CircuitBreakerOptions.ProbeTimeout"/> counts as failed; its late result is still
    /// returned to its caller. A probe whose caller cancels it changes nothing and gives its permit back at once, even
    /// when the operation ignores its token (its result is still returned to its caller). Reports under the breaker's
    /// <see cref="CircuitBreakerOptions.Name"/> (docs/telemetry.md#circuit-breaker).
    /// </summary>
    /// <typeparam name="T">The type of the success value.</typeparam>
    /// <param name="operation">The operation to guard.</param>
    /// <param name="breaker">The breaker, possibly shared with other operations.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithCircuitBreaker<T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(breaker);
        return Apply(operation, breaker, breaker.Options.Name);
    }

    /// <summary>The breaker's guard reporting its rejections under <paramref name="name"/> (a policy's name); the
    /// breaker's transitions are its own, reported under its <see cref="CircuitBreakerOptions.Name"/>.</summary>
    internal static Func<CancellationToken, ValueTask<Either<Error, T>>> Apply<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        string name,
        string? pipeline = null)
    {
        var telemetry = new TelemetryRecorder(name, pipeline, breaker.Time);
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer = ct => Execute(operation, breaker, telemetry, ct);
        return ct => telemetry.Executions ? telemetry.Measure(layer, ct) : Execute(operation, breaker, telemetry, ct);
    }

    internal static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        // Hot path: in a quiet state the transition function admits without change and a success changes nothing
        // (CircuitBreakerMachine.IsQuiet), so a quiet admission and a success still quiet afterwards skip it.
        var snapshot = breaker.Current;
        if (!CircuitBreakerMachine.IsQuiet(snapshot))
        {
            // A closed state admits every request unchanged, as a non-probe with its generation as the ticket
            // (CircuitBreakerMachine.AdmitsUnchanged): the hot path of a breaker with a window skips the step.
            return CircuitBreakerMachine.AdmitsUnchanged(snapshot)
                ? Run(operation, breaker, snapshot.Generation, ct)
                : Admit(operation, breaker, telemetry, ct);
        }

        var pending = Kernel<CallSite.CircuitBreaker>.Call(operation, ct);
        if (!pending.IsCompletedSuccessfully)
        {
            return Later(pending, breaker, snapshot.Generation, started: 0, ct);
        }

        // A value task is read once (a pooled source is recycled by its first read): keep the result, hand out a new one.
        var result = pending.Result;
        return result.IsRight && CircuitBreakerMachine.IsQuiet(breaker.Current)
            ? new(result)
            : Complete(result, breaker, snapshot.Generation, started: 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> Admit<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        TelemetryRecorder telemetry,
        CancellationToken ct)
    {
        var admission = breaker.Apply(BreakerInput.Requested);
        if (admission.Verdict != BreakerVerdict.Admitted)
        {
            telemetry.Rejected(CircuitBreakerTelemetry.CircuitOpen);
            return Outcome.Failure<T>(CircuitBreaker.Rejection(admission.RetryAfter));
        }

        if (admission.IsProbe)
        {
            return Probe(operation, breaker, admission.Ticket, breaker.MeasuresDuration ? breaker.Time.GetTimestamp() : 0, ct);
        }

        return Run(operation, breaker, admission.Ticket, ct);
    }

    // Kept out of Execute, so that the quiet path's frame stays small; every path but an untimed success is out of
    // line for the same reason (docs/architecture.md#hot-paths).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> Run<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        long ticket,
        CancellationToken ct)
    {
        if (breaker.MeasuresDuration)
        {
            return RunTimed(operation, breaker, ticket, ct);
        }

        var pending = Kernel<CallSite.CircuitBreaker>.Call(operation, ct);
        if (!pending.IsCompletedSuccessfully)
        {
            return Later(pending, breaker, ticket, started: 0, ct);
        }

        // A value task is read once: keep the result, hand out a new one.
        var result = pending.Result;
        if (!result.IsRight)
        {
            return Complete(result, breaker, ticket, started: 0);
        }

        breaker.Succeeded(ticket, slow: false);
        return new(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> RunTimed<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        long ticket,
        CancellationToken ct)
    {
        var started = breaker.Time.GetTimestamp();
        var pending = Kernel<CallSite.CircuitBreaker>.Call(operation, ct);
        return pending.IsCompletedSuccessfully
            ? Complete(pending.Result, breaker, ticket, started)
            : Later(pending, breaker, ticket, started, ct);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> Later<T>(
        in ValueTask<Either<Error, T>> pending, CircuitBreaker breaker, long ticket, long started, CancellationToken ct) =>
        AwaitOutcome(Kernel.Settle(pending, ct), breaker, ticket, started);

    /// <summary>Runs a half-open probe under its watch, armed before the probe starts so that a failure to arm it
    /// returns the permit and runs nothing.</summary>
    private static ValueTask<Either<Error, T>> Probe<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        long ticket,
        long started,
        CancellationToken ct)
    {
        var watch = new ProbeWatch(breaker, ticket);
        if (watch.Arm(ct) is { } failure)
        {
            return Outcome.Failure<T>(failure);
        }

        var pending = Kernel<CallSite.CircuitBreaker>.Call(operation, ct);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitProbe(Kernel.Settle(pending, ct), watch, breaker, ticket, started);
        }

        var result = Kernel.Guard(pending.Result);
        Settle(watch, breaker, ticket, result, started);
        return new(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Either<Error, T>> Complete<T>(Either<Error, T> result, CircuitBreaker breaker, long ticket, long started)
    {
        result = Kernel.Guard(result);
        Report(breaker, ticket, result, started);
        return new(result);
    }

    private static async ValueTask<Either<Error, T>> AwaitOutcome<T>(
        ValueTask<Either<Error, T>> pending, CircuitBreaker breaker, long ticket, long started)
    {
        var result = await pending.ConfigureAwait(false);
        Report(breaker, ticket, result, started);
        return result;
    }

    private static async ValueTask<Either<Error, T>> AwaitProbe<T>(
        ValueTask<Either<Error, T>> pending, ProbeWatch watch, CircuitBreaker breaker, long ticket, long started)
    {
        var result = await pending.ConfigureAwait(false);
        Settle(watch, breaker, ticket, result, started);
        return result;
    }

    private static void Settle<T>(ProbeWatch watch, CircuitBreaker breaker, long ticket, Either<Error, T> result, long started)
    {
        watch.Dispose();
        if (watch.TryFinish())
        {
            Report(breaker, ticket, result, started);
        }
    }

    private static void Report<T>(CircuitBreaker breaker, long ticket, Either<Error, T> result, long started)
    {
        var slow = breaker.MeasuresDuration && breaker.Time.GetElapsedTime(started) >= breaker.Options.SlowCallDuration;
        if (result.IsRight)
        {
            breaker.Succeeded(ticket, slow);
            return;
        }

        breaker.Apply(BreakerInput.Outcome(breaker.Classify((Error)result), ticket, slow));
    }

    /// <summary>
    /// Settles a probe exactly once: by its own outcome, by its timeout (a failed probe), or by its caller's
    /// cancellation (nothing, and the permit back at once, even if the operation ignores its token and runs on).
    /// </summary>
    private sealed class ProbeWatch(CircuitBreaker breaker, long ticket) : IDisposable
    {
        private ITimer? timer;
        private CancellationTokenRegistration cancellation;
        private int settled;

        /// <summary>Starts the timeout and follows the caller's token; on failure gives the permit back and returns
        /// why, as an error.</summary>
        public Error? Arm(CancellationToken caller)
        {
            try
            {
                timer = breaker.Time.CreateTimer(static s => ((ProbeWatch)s!).Expire(), this, breaker.Options.ProbeTimeout, Timeout.InfiniteTimeSpan);
                cancellation = caller.UnsafeRegister(static s => ((ProbeWatch)s!).Release(), this);
                return null;
            }
            catch (Exception ex)
            {
                Dispose();
                Release();
                return Error.New(ex);
            }
        }

        public bool TryFinish() => Interlocked.Exchange(ref settled, 1) == 0;

        public void Dispose()
        {
            cancellation.Dispose();
            timer?.Dispose();
        }

        private void Expire()
        {
            if (TryFinish())
            {
                breaker.Apply(BreakerInput.Outcome(BreakerInputKind.ProbeTimedOut, ticket));
            }
        }

        private void Release()
        {
            if (TryFinish())
            {
                breaker.Apply(BreakerInput.Outcome(BreakerInputKind.Cancelled, ticket));
            }
        }
    }
}
