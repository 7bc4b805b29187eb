using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

/// <summary>One retry policy applied to one operation: a synchronous fast path and an asynchronous retry loop.</summary>
internal sealed class Retrier<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, RetryOptions options)
{

    private readonly Backoff backoff = options.Backoff;
    private readonly ErrorClassifier classifier = options.Classifier;
    private readonly TimeProvider clock = options.TimeProvider;
    private readonly Random random = SerializedRandom.For(options.Random);
    private readonly RetryBudget? budget = options.Budget;
    private readonly Action<RetryEvent>? onRetry = options.OnRetry;

    public ValueTask<Either<Error, T>> Invoke(CancellationToken cancellationToken)
    {
        // Checked here as well as in the kernel so that a call that never runs deposits nothing.
        if (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        if (budget is not null)
        {
            Deposit(budget);
        }

        var pending = Kernel.Start(operation, cancellationToken);
        if (!Kernel.TryTake(pending, out var result))
        {
            return RetryAsync(pending, cancellationToken);
        }

        if (result.IsRight)
        {
            if (budget is not null)
            {
                Record(budget, success: true);
            }

            return new(result);
        }

        return RetryAsync(new(result), cancellationToken);
    }

    private async ValueTask<Either<Error, T>> RetryAsync(ValueTask<Either<Error, T>> pending, CancellationToken ct)
    {
        var start = backoff.ReadsElapsed ? clock.GetTimestamp() : 0;
        var errors = new AttemptErrors();
        var (previousDelay, state) = (TimeSpan.Zero, (object?)null);
        for (var attempt = 1; ; attempt++)
        {
            var result = Kernel.TryTake(pending, out var done) ? done : await Kernel.Settle(pending, ct).ConfigureAwait(false);
            if (result.IsRight)
            {
                if (budget is not null)
                {
                    Record(budget, success: true);
                }

                return result;
            }

            var error = (Error)result;
            if (!classifier.IsTransient(error))
            {
                return result;
            }

            if (budget is not null)
            {
                Record(budget, success: false);
            }

            errors.Add(error);
            var elapsed = backoff.ReadsElapsed ? clock.GetElapsedTime(start) : TimeSpan.Zero;
            var refusal = Decide(new BackoffInput(attempt, error, elapsed, previousDelay, random, state), ref errors, out var decision);
            if (refusal is not null)
            {
                return Either<Error, T>.Left(refusal);
            }

            var delay = decision.Delay;
            // The wait starts before the callback runs, so an observer that reacts to a retry (a test advancing a
            // fake clock, say) always finds the wait already armed.
            var wait = Waits.Delay(clock, delay, ct);
            Kernel.Notify(onRetry, new RetryEvent(attempt, error, delay));
            if (!await wait.ConfigureAwait(false))
            {
                return Either<Error, T>.Left(CancelledError.Instance);
            }

            (previousDelay, state) = (delay, decision.State);
            pending = Kernel.Start(operation, ct);
        }
    }

    /// <summary>The refusal to retry (an error to return), or null with the decision to follow.</summary>
    private Error? Decide(BackoffInput input, ref AttemptErrors errors, out BackoffDecision decision)
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
            return new RetriesExhaustedError(errors.ToSeq());
        }

        var hint = input.Error.RetryAfterHint();
        if (hint.IsSome && (TimeSpan)hint > decision.Delay)
        {
            // A hint beyond the longest wait any option accepts means "not until someone intervenes" (TimeSpan.MaxValue
            // from an isolated circuit, or the years a saturated break grows to): no wait is worth it.
            if ((TimeSpan)hint > decision.RemainingElapsed || (TimeSpan)hint > OptionGuards.MaxDelay)
            {
                return new RetriesExhaustedError(errors.ToSeq());
            }

            decision = BackoffDecision.Retry((TimeSpan)hint, decision.RemainingElapsed, decision.State);
        }

        return budget is not null && !Withdraw(budget) ? new RetryBudgetExhaustedError(input.Error) : null;
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

    /// <summary>Every failed attempt's error, in one small array that grows only for long runs.</summary>
    private struct AttemptErrors
    {
        private Error[]? items;
        private int count;

        public void Add(Error error)
        {
            items ??= new Error[4];
            if (count == items.Length)
            {
                Array.Resize(ref items, count * 2);
            }

            items[count++] = error;
        }

        public readonly Seq<Error> ToSeq() => items is null ? Seq<Error>.Empty : items.AsSpan(0, count).ToArray().ToSeq();
    }
}
