using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

/// <summary>One retry policy applied to one operation: a synchronous fast path and an asynchronous retry loop.</summary>
internal sealed class Retrier<T>
{
    private readonly Func<CancellationToken, ValueTask<Either<Error, T>>> operation;
    private readonly Func<CancellationToken, ValueTask<Either<Error, T>>> run;
    private readonly TelemetryRecorder telemetry;
    private readonly Backoff backoff;
    private readonly ErrorClassifier classifier;
    private readonly TimeProvider clock;
    private readonly Random random;
    private readonly RetryBudget? budget;
    private readonly Action<RetryEvent>? onRetry;

    public Retrier(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, RetryOptions options, string name, string? pipeline)
    {
        (this.operation, backoff, classifier, clock, random, budget, onRetry) =
            (operation, options.Backoff, options.Classifier, options.TimeProvider, SerializedRandom.For(options.Random), options.Budget, options.OnRetry);
        telemetry = new TelemetryRecorder(name, pipeline, clock);
        run = Run;
    }

    public ValueTask<Either<Error, T>> Invoke(CancellationToken cancellationToken) =>
        telemetry.Executions ? telemetry.Measure(run, cancellationToken) : Run(cancellationToken);

    // Inlined into Invoke: nobody listening costs the check, not a call frame. The first attempt's synchronous
    // success is the hot path and is handled here; everything else (a failure, a pending or measured attempt) is the
    // loop's, which takes the attempt as it is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueTask<Either<Error, T>> Run(CancellationToken cancellationToken)
    {
        // Checked here rather than by the kernel's Start so that a call that never runs deposits nothing; the
        // operation is never null (checked when the retry is applied).
        if (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        if (budget is not null)
        {
            Deposit(budget);
        }

        var started = telemetry.AttemptStart();
        var pending = Kernel<CallSite.Retry>.Call(operation, cancellationToken);
        if (started == 0 && pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            if (result.IsRight)
            {
                if (budget is not null)
                {
                    Record(budget, success: true);
                }

                return new(result);
            }

            return RetrySynchronously(result, cancellationToken);
        }

        return RetryPending(pending, started, cancellationToken);
    }

    // A failed first attempt that completed synchronously: retries that complete synchronously too, with no wait
    // between them, run in this loop, without a state machine; the first wait or pending attempt hands over to the
    // asynchronous loop with the progress so far.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<Either<Error, T>> RetrySynchronously(Either<Error, T> result, CancellationToken ct)
    {
        result = Kernel.Guard(result);
        var progress = Begin();
        while (true)
        {
            if (Settled(result, ref progress, ct, out var final, out var retry))
            {
                return new(final);
            }

            if (retry.Delay > TimeSpan.Zero)
            {
                var wait = Waits.Delay(clock, retry.Delay, ct);
                Notify(retry);
                return WaitThenRetryAsync(wait, progress, ct);
            }

            Notify(retry);
            if (ct.IsCancellationRequested)
            {
                return Outcome.Cancelled<T>();
            }

            var started = telemetry.AttemptStart();
            var pending = Kernel<CallSite.Retry>.Start(operation, ct);
            if (started != 0 || !Kernel.TryTake(pending, out result))
            {
                return RetryAsync(pending, started, progress, ct);
            }
        }
    }

    // Out of line, as RetrySynchronously is: the call's progress is a large struct, which would otherwise be a local
    // of the inlined fast path and zeroed on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<Either<Error, T>> RetryPending(ValueTask<Either<Error, T>> pending, long started, CancellationToken ct) =>
        RetryAsync(pending, started, Begin(), ct);

    private async ValueTask<Either<Error, T>> WaitThenRetryAsync(Task<bool> wait, Progress progress, CancellationToken ct)
    {
        if (!await wait.ConfigureAwait(false))
        {
            return Either<Error, T>.Left(CancelledError.Instance);
        }

        var started = telemetry.AttemptStart();
        return await RetryAsync(Kernel<CallSite.Retry>.Start(operation, ct), started, progress, ct).ConfigureAwait(false);
    }

    /// <param name="pending">The attempt, still to be consumed.</param>
    /// <param name="started">When it started, or 0 when it is not measured.</param>
    /// <param name="progress">The attempts before it.</param>
    /// <param name="ct">The caller's token.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<Either<Error, T>> RetryAsync(ValueTask<Either<Error, T>> pending, long started, Progress progress, CancellationToken ct)
    {
        while (true)
        {
            var result = Kernel.TryTake(pending, out var done) ? done : await Kernel.Settle(pending, ct).ConfigureAwait(false);
            telemetry.Attempt(result, started);
            if (Settled(result, ref progress, ct, out var final, out var retry))
            {
                return final;
            }

            // The wait starts before the notification, so an observer that reacts to a retry (a test advancing a
            // fake clock, say) always finds the wait already armed.
            var wait = retry.Delay > TimeSpan.Zero ? Waits.Delay(clock, retry.Delay, ct) : null;
            Notify(retry);
            if (wait is null ? ct.IsCancellationRequested : !await wait.ConfigureAwait(false))
            {
                return Either<Error, T>.Left(CancelledError.Instance);
            }

            started = telemetry.AttemptStart();
            pending = Kernel<CallSite.Retry>.Start(operation, ct);
        }
    }

    /// <summary>
    /// The verdict on one attempt's result: true with the call's <paramref name="final"/> result, or false with the
    /// <paramref name="retry"/> to make after its delay.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Settled(Either<Error, T> result, ref Progress progress, CancellationToken ct, out Either<Error, T> final, out RetryEvent retry)
    {
        retry = default;
        final = result;
        if (result.IsRight)
        {
            if (budget is not null)
            {
                Record(budget, success: true);
            }

            return true;
        }

        var error = (Error)result;
        if (!classifier.IsTransient(error))
        {
            return true;
        }

        if (budget is not null)
        {
            Record(budget, success: false);
        }

        progress.Errors.Add(error);
        var elapsed = backoff.ReadsElapsed ? clock.GetElapsedTime(progress.Start) : TimeSpan.Zero;
        var refusal = Decide(new BackoffInput(progress.Attempt, error, elapsed, progress.PreviousDelay, random, progress.State), ref progress.Errors, ct, out var decision);
        if (refusal is not null)
        {
            final = Either<Error, T>.Left(refusal);
            return true;
        }

        retry = new RetryEvent(progress.Attempt, error, decision.Delay);
        (progress.PreviousDelay, progress.State) = (decision.Delay, decision.State);
        progress.Attempt++;
        return false;
    }

    private Progress Begin() => new(backoff.ReadsElapsed ? clock.GetTimestamp() : 0);

    private void Notify(RetryEvent retry)
    {
        telemetry.Retry(retry);
        if (onRetry is not null)
        {
            Kernel.Notify(onRetry, retry);
        }
    }

    /// <summary>The refusal to retry (an error to return), or null with the decision to follow.</summary>
    private Error? Decide(BackoffInput input, ref AttemptErrors errors, CancellationToken ct, out BackoffDecision decision)
    {
        try
        {
            decision = input.Attempt == int.MaxValue ? default : backoff.Step(input);
        }
        catch (Exception ex)
        {
            decision = default;
            return Error.New(ex);
        }

        if (!decision.ShouldRetry)
        {
            return Exhausted(ref errors);
        }

        var hint = input.Error.RetryAfterHint();
        if (hint.IsSome && (TimeSpan)hint > decision.Delay)
        {
            // A hint beyond the longest wait any option accepts means "not until someone intervenes" (TimeSpan.MaxValue
            // from an isolated circuit, or the years a saturated break grows to): no wait is worth it.
            if ((TimeSpan)hint > decision.RemainingElapsed || (TimeSpan)hint > OptionGuards.MaxDelay)
            {
                return Exhausted(ref errors);
            }

            decision = BackoffDecision.Retry((TimeSpan)hint, decision.RemainingElapsed, decision.State);
        }

        // Inside a timeout, a wait that would end at or after its deadline only delays the timeout's error: the
        // caller gets the last error now, with its retry-after hint (docs/timeout.md#deadlines). A token that cannot
        // be cancelled is no timeout's.
        if (ct.CanBeCanceled && Deadlines.Remaining(ct) is { } left && decision.Delay >= left)
        {
            telemetry.Rejected(RetryTelemetry.PastDeadline);
            return input.Error;
        }

        if (budget is not null && !Withdraw(budget))
        {
            telemetry.Rejected(RetryTelemetry.BudgetExhausted);
            return new RetryBudgetExhaustedError(input.Error);
        }

        return null;
    }

    private RetriesExhaustedError Exhausted(ref AttemptErrors errors)
    {
        telemetry.Rejected(RetryTelemetry.RetriesExhausted);
        return new RetriesExhaustedError(errors.ToSeq());
    }

    // A budget is user code called on every call. Its bookkeeping failing must not fail calls that would have
    // succeeded, so a throwing deposit or record is ignored; a throwing withdrawal refuses the retry, the safe answer
    // (as for a throwing classifier) because a broken budget must never become a retry storm.
    private static void Deposit(RetryBudget budget)
    {
        try
        {
            budget.Deposit();
        }
        catch (Exception)
        {
            // See above: the call goes on without the deposit.
        }
    }

    private static void Record(RetryBudget budget, bool success)
    {
        try
        {
            if (success)
            {
                budget.RecordSuccess();
            }
            else
            {
                budget.RecordFailure();
            }
        }
        catch (Exception)
        {
            // See above: the outcome stands without the record.
        }
    }

    private static bool Withdraw(RetryBudget budget)
    {
        try
        {
            return budget.TryWithdraw();
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>What a call's retries carry from one attempt to the next.</summary>
    /// <param name="start">When the call's retries began (read only by a schedule that reads the elapsed time).</param>
    private struct Progress(long start)
    {
        public readonly long Start = start;
        public int Attempt = 1;
        public AttemptErrors Errors;
        public TimeSpan PreviousDelay;
        public object? State;
    }

    /// <summary>
    /// Every failed attempt's error: the first four in the struct itself, so that a call that recovers within four
    /// retries allocates nothing for them; the rest in an array that grows only for long runs.
    /// </summary>
    private struct AttemptErrors
    {
        private const int Inline = 4;
        private Error? first;
        private Error? second;
        private Error? third;
        private Error? fourth;
        private Error[]? more;
        private int count;

        public void Add(Error error)
        {
            switch (count)
            {
                case 0: first = error; break;
                case 1: second = error; break;
                case 2: third = error; break;
                case 3: fourth = error; break;
                default:
                    more ??= new Error[Inline];
                    if (count - Inline == more.Length)
                    {
                        Array.Resize(ref more, more.Length * 2);
                    }

                    more[count - Inline] = error;
                    break;
            }

            count++;
        }

        public readonly Seq<Error> ToSeq()
        {
            if (count == 0)
            {
                return Seq<Error>.Empty;
            }

            var all = new Error[count];
            Span<Error?> inline = [first, second, third, fourth];
            for (var i = 0; i < count; i++)
            {
                all[i] = i < Inline ? inline[i]! : more![i - Inline];
            }

            return all.ToSeq();
        }
    }
}
