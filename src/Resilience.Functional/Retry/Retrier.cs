using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>One retry policy applied to one operation: a synchronous fast path and an asynchronous retry loop.</summary>
internal sealed class Retrier<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, RetryOptions options)
{
    // Task.Delay's longest single wait; longer delays are waited in pieces.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Backoff backoff = options.Backoff;
    private readonly ErrorClassifier classifier = options.Classifier;
    private readonly TimeProvider clock = options.TimeProvider;
    private readonly Random random = options.Random;
    private readonly RetryBudget? budget = options.Budget;
    private readonly Action<RetryEvent>? onRetry = options.OnRetry;

    public ValueTask<Either<Error, T>> Invoke(CancellationToken cancellationToken)
    {
        if (budget is not null && !cancellationToken.IsCancellationRequested)
        {
            budget.Deposit();
        }

        var pending = operation.Run(cancellationToken);
        if (pending.IsCompletedSuccessfully && pending.Result.IsRight)
        {
            budget?.RecordSuccess();
            return pending;
        }

        return RetryAsync(pending, cancellationToken);
    }

    private async ValueTask<Either<Error, T>> RetryAsync(ValueTask<Either<Error, T>> pending, CancellationToken ct)
    {
        var start = clock.GetTimestamp();
        var errors = Seq<Error>.Empty;
        var (previousDelay, state) = (TimeSpan.Zero, (object?)null);
        for (var attempt = 1; ; attempt++)
        {
            var result = await pending.ConfigureAwait(false);
            if (result.IsRight)
            {
                budget?.RecordSuccess();
                return result;
            }

            var error = (Error)result;
            if (!classifier.IsTransient(error))
            {
                return result;
            }

            budget?.RecordFailure();
            errors = errors.Add(error);
            var next = Decide(attempt, error, clock.GetElapsedTime(start), previousDelay, state, errors);
            if (next.IsLeft)
            {
                return Either<Error, T>.Left((Error)next);
            }

            var decision = (BackoffDecision)next;
            var delay = decision.Delay;
            if (onRetry is not null)
            {
                Notify(onRetry, new RetryEvent(attempt, error, delay));
            }
            if (delay > TimeSpan.Zero && !await Wait(delay, ct).ConfigureAwait(false))
            {
                return Either<Error, T>.Left(CancelledError.Instance);
            }

            (previousDelay, state) = (delay, decision.State);
            pending = operation.Run(ct);
        }
    }

    private Either<Error, BackoffDecision> Decide(int attempt, Error error, TimeSpan elapsed, TimeSpan previousDelay, object? state, Seq<Error> errors)
    {
        BackoffDecision decision;
        try
        {
            decision = attempt == int.MaxValue
                ? BackoffDecision.Stop(state)
                : backoff.Step(new BackoffInput(attempt, error, elapsed, previousDelay, random, state));
        }
        catch (Exception ex)
        {
            return Error.New(ex);
        }

        if (!decision.ShouldRetry)
        {
            return new RetriesExhaustedError(errors);
        }

        var hint = error.RetryAfterHint();
        if (hint.IsSome && (TimeSpan)hint > decision.Delay)
        {
            if ((TimeSpan)hint > decision.RemainingElapsed)
            {
                return new RetriesExhaustedError(errors);
            }

            decision = BackoffDecision.Retry((TimeSpan)hint, decision.RemainingElapsed, decision.State);
        }

        if (budget is not null && !budget.TryWithdraw())
        {
            return new RetryBudgetExhaustedError(error);
        }

        return decision;
    }

    private static void Notify(Action<RetryEvent> callback, RetryEvent retry)
    {
        try
        {
            callback(retry);
        }
        catch (Exception)
        {
            // Observing a retry must not change its outcome.
        }
    }

    private async ValueTask<bool> Wait(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            for (; delay > LongestWait; delay -= LongestWait)
            {
                await Task.Delay(LongestWait, clock, ct).ConfigureAwait(false);
            }

            await Task.Delay(delay, clock, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
