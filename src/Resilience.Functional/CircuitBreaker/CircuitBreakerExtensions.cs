using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>The circuit-breaker combinator.</summary>
public static class CircuitBreakerExtensions
{
    /// <summary>
    /// Guards <paramref name="operation"/> with <paramref name="breaker"/>: a rejected call returns a
    /// <see cref="CircuitOpenError"/> without running; an admitted call's outcome is reported to the breaker (transient
    /// errors as failures, other errors ignored, the caller's cancellation as nothing). A half-open probe that has not
    /// finished within <see cref="CircuitBreakerOptions.ProbeTimeout"/> counts as failed; its late result is still
    /// returned to its caller.
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
        return ct => Execute(operation, breaker, ct);
    }

    private static ValueTask<Either<Error, T>> Execute<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
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
            return Admit(operation, breaker, ct);
        }

        var pending = Invoke(operation, ct);
        if (pending.IsCompletedSuccessfully && pending.Result.IsRight && CircuitBreakerMachine.IsQuiet(breaker.Current))
        {
            return pending;
        }

        return Finish(pending, breaker, snapshot.Generation, probe: false, started: 0, ct);
    }

    private static ValueTask<Either<Error, T>> Admit<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        CircuitBreaker breaker,
        CancellationToken ct)
    {
        var admission = breaker.Apply(CircuitEvent.Requested);
        if (admission.Verdict != CircuitVerdict.Admitted)
        {
            return Outcome.Failure<T>(CircuitBreaker.Rejection(admission.RetryAfter));
        }

        var started = breaker.MeasuresDuration ? breaker.Time.GetTimestamp() : 0;
        return Finish(Invoke(operation, ct), breaker, admission.Ticket, admission.IsProbe, started, ct);
    }

    /// <summary>Op.Run without its token check (done by the caller): the operation's own task, or its exception as an error.</summary>
    private static ValueTask<Either<Error, T>> Invoke<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct)
    {
        try
        {
            return operation(ct);
        }
        catch (Exception ex)
        {
            return Outcome.Failure<T>(Outcome.FromException(ex, ct));
        }
    }

    private static ValueTask<Either<Error, T>> Finish<T>(
        ValueTask<Either<Error, T>> pending, CircuitBreaker breaker, long ticket, bool probe, long started, CancellationToken ct)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending = Op.AwaitOutcome(pending, ct);
            return probe ? AwaitProbe(pending, breaker, ticket, started) : AwaitOutcome(pending, breaker, ticket, started);
        }

        if (pending.Result.IsBottom)
        {
            pending = Outcome.Failure<T>(Errors.Bottom);
        }

        Report(breaker, ticket, pending.Result, started);
        return pending;
    }

    private static async ValueTask<Either<Error, T>> AwaitOutcome<T>(
        ValueTask<Either<Error, T>> pending, CircuitBreaker breaker, long ticket, long started)
    {
        var result = await pending.ConfigureAwait(false);
        Report(breaker, ticket, result, started);
        return result;
    }

    private static async ValueTask<Either<Error, T>> AwaitProbe<T>(
        ValueTask<Either<Error, T>> pending, CircuitBreaker breaker, long ticket, long started)
    {
        using var watch = new ProbeWatch(breaker, ticket);
        var result = await pending.ConfigureAwait(false);
        if (watch.TryFinish())
        {
            Report(breaker, ticket, result, started);
        }

        return result;
    }

    private static void Report<T>(CircuitBreaker breaker, long ticket, Either<Error, T> result, long started)
    {
        var slow = breaker.MeasuresDuration && breaker.Time.GetElapsedTime(started) >= breaker.Options.SlowCallDuration;
        var signal = result.IsRight ? CircuitSignal.Succeeded : breaker.Classify((Error)result);
        breaker.Apply(CircuitEvent.Outcome(signal, ticket, slow));
    }

    /// <summary>Reports a probe as timed out unless it finishes first; exactly one of the two reaches the breaker.</summary>
    private sealed class ProbeWatch : IDisposable
    {
        private readonly CircuitBreaker breaker;
        private readonly long ticket;
        private readonly ITimer timer;
        private int settled;

        public ProbeWatch(CircuitBreaker breaker, long ticket)
        {
            this.breaker = breaker;
            this.ticket = ticket;
            timer = breaker.Time.CreateTimer(static s => ((ProbeWatch)s!).Expire(), this, breaker.Options.ProbeTimeout, Timeout.InfiniteTimeSpan);
        }

        public bool TryFinish() => Interlocked.Exchange(ref settled, 1) == 0;

        public void Dispose() => timer.Dispose();

        private void Expire()
        {
            if (TryFinish())
            {
                breaker.Apply(CircuitEvent.Outcome(CircuitSignal.ProbeTimedOut, ticket));
            }
        }
    }
}
