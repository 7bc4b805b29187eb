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

        var admission = breaker.Apply(CircuitEvent.Requested);
        if (admission.Verdict != CircuitVerdict.Admitted)
        {
            return Outcome.Failure<T>(CircuitBreaker.Rejection(admission.RetryAfter));
        }

        var started = breaker.MeasuresDuration ? breaker.Time.GetTimestamp() : 0;
        var pending = operation.Run(ct);
        if (pending.IsCompletedSuccessfully)
        {
            Report(breaker, admission.Ticket, pending.Result, started);
            return pending;
        }

        return admission.IsProbe
            ? AwaitProbe(pending, breaker, admission.Ticket, started)
            : AwaitOutcome(pending, breaker, admission.Ticket, started);
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
