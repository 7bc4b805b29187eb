using System.Diagnostics;
using System.Diagnostics.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static Resilience.Functional.ResilienceTelemetry;

namespace Resilience.Functional;

/// <summary>
/// The recording sites of <see cref="ResilienceTelemetry"/>; each checks its instrument before doing any work.
/// Durations are read on the policy's own <see cref="TimeProvider"/>, so a virtual clock records virtual time.
/// </summary>
/// <remarks>
/// Listeners are user code running inside every call: whatever a <see cref="MeterListener"/> or an
/// <see cref="ActivityListener"/> throws is contained here, and the call's outcome is the one it would have had
/// without telemetry.
/// </remarks>
internal static class Measured
{
    private const string Success = "success";
    private const string Failure = "failure";

    /// <summary>A whole execution through a policy: the duration histogram and, with an activity listener, a span.</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Execution<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> inner,
        string name,
        TimeProvider clock) =>
        ct => Source.HasListeners() ? Traced(inner, name, clock, ct) : Timed(inner, name, clock, DurationSeconds, ct);

    /// <summary>One call of the protected operation: the attempt counter and the attempt duration histogram.</summary>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> Attempt<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        TimeProvider clock) =>
        ct => AttemptCounter.Enabled || AttemptSeconds.Enabled
            ? Timed(operation, name, clock, AttemptSeconds, ct, AttemptCounter)
            : Kernel.Run(operation, ct);

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

            var pending = Kernel.Start(layer, ct);
            if (!Kernel.TryTake(pending, out var result))
            {
                return CountLater(pending, name, reason, state, ct);
            }

            Count(result, name, reason, state);
            return new(result);
        };

    public static void Retry(string name, RetryEvent retry)
    {
        try
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
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    public static void Transition(string name, CircuitBreakerEvent change)
    {
        try
        {
            if (change.Kind == CircuitBreakerEventKind.Transitioned && TransitionCounter.Enabled)
            {
                TransitionCounter.Add(1, new TagList { { PolicyNameTag, name }, { FromStateTag, StateName(change.From) }, { ToStateTag, StateName(change.To) } });
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
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
        TimeProvider clock,
        Histogram<double> histogram,
        CancellationToken ct,
        Counter<long>? counter = null)
    {
        var start = clock.GetTimestamp();
        var pending = Kernel.Start(operation, ct);
        if (!Kernel.TryTake(pending, out var result))
        {
            return TimedLater(pending, name, clock, histogram, counter, start, ct);
        }

        Record(result, name, clock, histogram, counter, start);
        return new(result);
    }

    private static async ValueTask<Either<Error, T>> TimedLater<T>(
        ValueTask<Either<Error, T>> pending,
        string name,
        TimeProvider clock,
        Histogram<double> histogram,
        Counter<long>? counter,
        long start,
        CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        Record(result, name, clock, histogram, counter, start);
        return result;
    }

    private static void Record<T>(
        Either<Error, T> result,
        string name,
        TimeProvider clock,
        Histogram<double> histogram,
        Counter<long>? counter,
        long start)
    {
        try
        {
            var tags = new TagList { { PolicyNameTag, name }, { OutcomeTag, result.IsRight ? Success : Failure } };
            if (result.IsLeft)
            {
                tags.Add(ErrorTypeTag, ErrorType((Error)result));
            }

            if (histogram.Enabled)
            {
                histogram.Record(clock.GetElapsedTime(start).TotalSeconds, tags);
            }

            counter?.Add(1, tags);
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    private static async ValueTask<Either<Error, T>> Traced<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> inner,
        string name,
        TimeProvider clock,
        CancellationToken ct)
    {
        // An async method restores Activity.Current for its caller when it returns, even on the synchronous path.
        var activity = Start(name);
        try
        {
            var result = await Timed(inner, name, clock, DurationSeconds, ct).ConfigureAwait(false);
            if (activity is not null)
            {
                Tag(activity, result);
            }

            return result;
        }
        finally
        {
            if (activity is not null)
            {
                Stop(activity);
            }
        }
    }

    private static Activity? Start(string name)
    {
        var parent = Activity.Current;
        try
        {
            var activity = Source.StartActivity(name);
            activity?.SetTag(PolicyNameTag, name);
            return activity;
        }
        catch (Exception)
        {
            // The span may have started before its listener threw: the call runs under the caller's span instead.
            Activity.Current = parent;
            return null;
        }
    }

    private static void Tag<T>(Activity activity, Either<Error, T> result)
    {
        try
        {
            activity.SetTag(OutcomeTag, result.IsRight ? Success : Failure);
            if (result.IsLeft)
            {
                var error = (Error)result;
                activity.SetTag(ErrorTypeTag, ErrorType(error));
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    private static void Stop(Activity activity)
    {
        try
        {
            activity.Dispose();
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    private static async ValueTask<Either<Error, T>> CountLater<T>(
        ValueTask<Either<Error, T>> pending,
        string name,
        Func<Error, object?, string?> reason,
        object? state,
        CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        Count(result, name, reason, state);
        return result;
    }

    private static void Count<T>(Either<Error, T> result, string name, Func<Error, object?, string?> reason, object? state)
    {
        try
        {
            if (result.IsLeft && reason((Error)result, state) is { } why)
            {
                RejectionCounter.Add(1, new TagList { { PolicyNameTag, name }, { RejectionReasonTag, why } });
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }
}
