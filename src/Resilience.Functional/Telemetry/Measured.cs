using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using static Resilience.Functional.ResilienceTelemetry;

namespace Resilience.Functional;

/// <summary>The recording sites of <see cref="ResilienceTelemetry"/>; each checks its instrument before doing any work.</summary>
internal static class Measured
{
    private const string Success = "success";
    private const string Failure = "failure";

    /// <summary>A whole execution through a policy: the duration histogram and, with an activity listener, a span.</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Execution<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> inner,
        string name) =>
        ct => Source.HasListeners() ? Traced(inner, name, ct) : Timed(inner, name, DurationSeconds, ct);

    /// <summary>One call of the protected operation: the attempt counter and the attempt duration histogram.</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Attempt<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name) =>
        ct => AttemptCounter.Enabled || AttemptSeconds.Enabled
            ? Timed(operation, name, AttemptSeconds, ct, AttemptCounter)
            : operation.Run(ct);

    /// <summary>Counts the rejections a layer produced itself (<paramref name="reason"/> names them, null for others).</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Rejections<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> layer,
        string name,
        Func<Error, object?, string?> reason,
        object? state) =>
        ct =>
        {
            if (!RejectionCounter.Enabled)
            {
                return layer(ct);
            }

            var pending = layer(ct);
            if (!pending.IsCompletedSuccessfully)
            {
                return CountLater(pending, name, reason, state);
            }

            Count(pending.Result, name, reason, state);
            return pending;
        };

    public static void Retry(string name, RetryEvent retry)
    {
        if (RetryCounter.Enabled)
        {
            RetryCounter.Add(1, new TagList { { PolicyNameTag, name }, { ErrorTypeTag, ErrorType(retry.Error) } });
        }

        if (Source.HasListeners() && Activity.Current is { } activity)
        {
            activity.AddEvent(new ActivityEvent("resilience.retry", tags: new ActivityTagsCollection
            {
                { PolicyNameTag, name },
                { "resilience.attempt", retry.Attempt },
                { ErrorTypeTag, ErrorType(retry.Error) },
                { "resilience.retry.delay", retry.Delay.TotalSeconds },
            }));
        }
    }

    public static void Transition(string name, CircuitBreakerEvent change)
    {
        if (change.Kind == CircuitBreakerEventKind.Transitioned && TransitionCounter.Enabled)
        {
            TransitionCounter.Add(1, new TagList { { PolicyNameTag, name }, { FromStateTag, StateName(change.From) }, { ToStateTag, StateName(change.To) } });
        }
    }

    internal static string ErrorType(Error error) => ErrorNames.TypeName(error, qualifyExceptions: true);

    internal static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Isolated => "isolated",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static ValueTask<Either<Error, T>> Timed<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        System.Diagnostics.Metrics.Histogram<double> histogram,
        CancellationToken ct,
        System.Diagnostics.Metrics.Counter<long>? counter = null)
    {
        var start = Stopwatch.GetTimestamp();
        var pending = operation.Run(ct);
        if (!pending.IsCompletedSuccessfully)
        {
            return TimedLater(pending, name, histogram, counter, start);
        }

        Record(pending.Result, name, histogram, counter, start);
        return pending;
    }

    private static async ValueTask<Either<Error, T>> TimedLater<T>(
        ValueTask<Either<Error, T>> pending,
        string name,
        System.Diagnostics.Metrics.Histogram<double> histogram,
        System.Diagnostics.Metrics.Counter<long>? counter,
        long start)
    {
        var result = await pending.ConfigureAwait(false);
        Record(result, name, histogram, counter, start);
        return result;
    }

    private static void Record<T>(
        Either<Error, T> result,
        string name,
        System.Diagnostics.Metrics.Histogram<double> histogram,
        System.Diagnostics.Metrics.Counter<long>? counter,
        long start)
    {
        var tags = new TagList { { PolicyNameTag, name }, { OutcomeTag, result.IsRight ? Success : Failure } };
        if (result.IsLeft)
        {
            tags.Add(ErrorTypeTag, ErrorType((Error)result));
        }

        if (histogram.Enabled)
        {
            histogram.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, tags);
        }

        counter?.Add(1, tags);
    }

    private static async ValueTask<Either<Error, T>> Traced<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> inner,
        string name,
        CancellationToken ct)
    {
        // An async method restores Activity.Current for its caller when it returns, even on the synchronous path.
        using var activity = Source.StartActivity(name);
        activity?.SetTag(PolicyNameTag, name);
        var result = await Timed(inner, name, DurationSeconds, ct).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag(OutcomeTag, result.IsRight ? Success : Failure);
            if (result.IsLeft)
            {
                var error = (Error)result;
                activity.SetTag(ErrorTypeTag, ErrorType(error));
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }

        return result;
    }

    private static async ValueTask<Either<Error, T>> CountLater<T>(
        ValueTask<Either<Error, T>> pending,
        string name,
        Func<Error, object?, string?> reason,
        object? state)
    {
        var result = await pending.ConfigureAwait(false);
        Count(result, name, reason, state);
        return result;
    }

    private static void Count<T>(Either<Error, T> result, string name, Func<Error, object?, string?> reason, object? state)
    {
        if (result.IsLeft && reason((Error)result, state) is { } why)
        {
            RejectionCounter.Add(1, new TagList { { PolicyNameTag, name }, { RejectionReasonTag, why } });
        }
    }
}
