using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using LanguageExt;
using LanguageExt.Common;
using static Resilience.Functional.ResilienceTelemetry;

namespace Resilience.Functional;

/// <summary>
/// The recording sites of <see cref="ResilienceTelemetry"/> for one applied pattern: its name (the
/// <c>resilience.policy.name</c> tag) and the clock its durations are read on (the pattern's own
/// <see cref="TimeProvider"/>, so a virtual clock records virtual time). Built once when the pattern is applied; every
/// site checks its instrument before doing any work, so with nobody listening a call costs one check.
/// <paramref name="ofPipeline"/> marks a pipeline's own recorder, the one that measures its executions.
/// <paramref name="partition"/> is the key's text of a partitioned pattern: on its spans and span events always, on its
/// measurements only when <paramref name="partitionInMetrics"/> (each key a time series; docs/partitioning.md#telemetry).
/// </summary>
/// <remarks>
/// Listeners are user code running inside every call: whatever a <see cref="MeterListener"/> or an
/// <see cref="ActivityListener"/> throws is contained here, and the call's outcome is the one it would have had
/// without telemetry.
/// </remarks>
internal sealed class TelemetryRecorder(string name, string? pipeline, TimeProvider clock, bool ofPipeline = false, string? partition = null, bool partitionInMetrics = false)
{
    private const string Success = "success";
    private const string Failure = "failure";

    public string Name { get; } = name;

    // A layer inside a pipeline records no execution of its own: the pipeline records one for all its layers, as
    // the same call measured once per layer would cost a clock reading and a measurement per layer for one figure.
    private readonly bool executions = pipeline is null || ofPipeline;

    /// <summary>
    /// Whether an execution is to be timed or traced now: never for a layer inside a pipeline (the pipeline measures
    /// it), otherwise while a listener listens.
    /// </summary>
    public bool Executions
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => executions && (DurationSeconds.Enabled || Source.HasListeners());
    }

    /// <summary>Whether attempts are to be counted or timed now.</summary>
    public static bool Attempts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => AttemptCounter.Enabled || AttemptSeconds.Enabled;
    }

    /// <summary>Whether breaker transitions are to be recorded now.</summary>
    public static bool Transitions => TransitionCounter.Enabled || Source.HasListeners();

    /// <summary>
    /// One execution of a pattern's combinator <paramref name="layer"/>, measured (the caller checked
    /// <see cref="Executions"/>): the duration histogram and, with an activity listener, a span named after the
    /// pattern (the current span of every event the pattern records). Each pattern calls <paramref name="layer"/>
    /// itself when nobody listens, so the unmeasured path has no extra delegate call.
    /// </summary>
    public ValueTask<Either<Error, T>> Measure<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> layer, CancellationToken ct) =>
        Source.HasListeners() ? Traced(layer, ct) : Timed(layer, ct);

    /// <summary>The start of an attempt, on the pattern's clock; 0 when attempts are not measured.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AttemptStart() => Attempts ? Stamp() : 0;

    /// <summary>Records an attempt that started at <paramref name="started"/> (nothing when that is 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Attempt<T>(Either<Error, T> result, long started)
    {
        if (started != 0)
        {
            RecordAttempt(result, started);
        }
    }

    private long Stamp() => Math.Max(clock.GetTimestamp(), 1);

    private void RecordAttempt<T>(Either<Error, T> result, long started)
    {
        try
        {
            var tags = OutcomeTags(result);
            if (AttemptSeconds.Enabled)
            {
                AttemptSeconds.Record(clock.GetElapsedTime(started).TotalSeconds, tags);
            }

            if (AttemptCounter.Enabled)
            {
                AttemptCounter.Add(1, tags);
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    /// <summary>Settles a pending attempt that started at <paramref name="started"/> and records it.</summary>
    public async ValueTask<Either<Error, T>> AttemptAsync<T>(ValueTask<Either<Error, T>> pending, long started, CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        Attempt(result, started);
        return result;
    }

    /// <summary>Records a retry the pattern decided, before its wait.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Retry(RetryEvent retry)
    {
        // Checked before the call: the recording site holds an exception handler, so it is never inlined.
        if (RetryCounter.Enabled || Source.HasListeners())
        {
            RecordRetry(retry);
        }
    }

    private void RecordRetry(RetryEvent retry)
    {
        try
        {
            if (RetryCounter.Enabled)
            {
                var tags = Tags();
                tags.Add(AttemptTag, retry.Attempt);
                tags.Add(ErrorTypeTag, ErrorType(retry.Error));
                RetryCounter.Add(1, tags);
            }

            if (Source.HasListeners() && Activity.Current is { } activity)
            {
                var tags = EventTags();
                tags.Add(AttemptTag, retry.Attempt);
                tags.Add(ErrorTypeTag, ErrorType(retry.Error));
                tags.Add(RetryDelayTag, retry.Delay.TotalSeconds);
                activity.AddEvent(new ActivityEvent(RetryTelemetry.RetryEvent, tags: tags));
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    /// <summary>Records a rejection the pattern produced itself, with its <paramref name="reason"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rejected(string reason)
    {
        if (RejectionCounter.Enabled || Source.HasListeners())
        {
            RecordRejection(reason);
        }
    }

    private void RecordRejection(string reason)
    {
        try
        {
            if (RejectionCounter.Enabled)
            {
                var tags = Tags();
                tags.Add(RejectionReasonTag, reason);
                RejectionCounter.Add(1, tags);
            }

            AddEvent(RejectionEvent, RejectionReasonTag, reason);
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    /// <summary>
    /// Records one of the pattern's other events (<paramref name="event"/> is its constant name), with one more tag
    /// when <paramref name="key"/> is given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Occurred(string @event, string? key = null, string? value = null)
    {
        if (EventCounter.Enabled || Source.HasListeners())
        {
            RecordEvent(@event, key, value);
        }
    }

    private void RecordEvent(string @event, string? key, string? value)
    {
        try
        {
            if (EventCounter.Enabled)
            {
                var tags = Tags();
                tags.Add(EventTag, @event);
                if (key is not null)
                {
                    tags.Add(key, value);
                }

                EventCounter.Add(1, tags);
            }

            AddEvent(@event, key, value);
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    /// <summary>Records a breaker's state change under the breaker's name.</summary>
    public static void Transition(string breaker, CircuitState from, CircuitState to)
    {
        try
        {
            var (left, entered) = (CircuitBreakerTelemetry.StateName(from), CircuitBreakerTelemetry.StateName(to));
            if (TransitionCounter.Enabled)
            {
                TransitionCounter.Add(1, new TagList { { PolicyNameTag, breaker }, { FromStateTag, left }, { ToStateTag, entered } });
            }

            if (Source.HasListeners() && Activity.Current is { } activity)
            {
                activity.AddEvent(new ActivityEvent(CircuitBreakerTelemetry.TransitionEvent, tags: new ActivityTagsCollection
                {
                    { PolicyNameTag, breaker },
                    { FromStateTag, left },
                    { ToStateTag, entered },
                }));
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    /// <summary>The <c>error.type</c> of an error: the exception's full type name, or the error's own type name.</summary>
    internal static string ErrorType(Error error) => ErrorNames.TypeName(error, qualifyExceptions: true);

    private void AddEvent(string @event, string? key, string? value)
    {
        if (!Source.HasListeners() || Activity.Current is not { } activity)
        {
            return;
        }

        var tags = EventTags();
        if (key is not null)
        {
            tags.Add(key, value);
        }

        activity.AddEvent(new ActivityEvent(@event, tags: tags));
    }

    /// <summary>The tags of every measurement: the name, and the pipeline's name inside a pipeline.</summary>
    private TagList Tags()
    {
        var tags = new TagList { { PolicyNameTag, Name } };
        if (pipeline is not null)
        {
            tags.Add(PipelineNameTag, pipeline);
        }

        if (partition is not null && partitionInMetrics)
        {
            tags.Add(PartitionKeyTag, partition);
        }

        return tags;
    }

    private ActivityTagsCollection EventTags()
    {
        var tags = new ActivityTagsCollection { { PolicyNameTag, Name } };
        if (pipeline is not null)
        {
            tags.Add(PipelineNameTag, pipeline);
        }

        if (partition is not null)
        {
            tags.Add(PartitionKeyTag, partition);
        }

        return tags;
    }

    private TagList OutcomeTags<T>(Either<Error, T> result)
    {
        var tags = Tags();
        tags.Add(OutcomeTag, result.IsRight ? Success : Failure);
        if (result.IsLeft)
        {
            tags.Add(ErrorTypeTag, ErrorType((Error)result));
        }

        return tags;
    }

    private ValueTask<Either<Error, T>> Timed<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> layer, CancellationToken ct)
    {
        var start = clock.GetTimestamp();
        var pending = Kernel<CallSite.Telemetry>.Start(layer, ct);
        if (!Kernel.TryTake(pending, out var result))
        {
            return TimedLater(pending, start, ct);
        }

        Record(result, start);
        return new(result);
    }

    private async ValueTask<Either<Error, T>> TimedLater<T>(ValueTask<Either<Error, T>> pending, long start, CancellationToken ct)
    {
        var result = await Kernel.Settle(pending, ct).ConfigureAwait(false);
        Record(result, start);
        return result;
    }

    private void Record<T>(Either<Error, T> result, long start)
    {
        try
        {
            if (DurationSeconds.Enabled)
            {
                DurationSeconds.Record(clock.GetElapsedTime(start).TotalSeconds, OutcomeTags(result));
            }
        }
        catch (Exception)
        {
            // A listener cannot change the outcome it measures.
        }
    }

    private async ValueTask<Either<Error, T>> Traced<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> layer, CancellationToken ct)
    {
        // An async method restores Activity.Current for its caller when it returns, even on the synchronous path.
        var activity = Start();
        try
        {
            var result = await Timed(layer, ct).ConfigureAwait(false);
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

    private Activity? Start()
    {
        var parent = Activity.Current;
        try
        {
            var activity = Source.StartActivity(Name);
            activity?.SetTag(PolicyNameTag, Name);
            if (pipeline is not null)
            {
                activity?.SetTag(PipelineNameTag, pipeline);
            }

            if (partition is not null)
            {
                activity?.SetTag(PartitionKeyTag, partition);
            }

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
}
