using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// A limit on concurrent executions that follows the downstream: every call wrapped with
/// <see cref="ConcurrencyLimitExtensions.WithConcurrencyLimit{T}"/> is timed, and its round-trip time and outcome move
/// the limit by the options' <see cref="AdaptiveConcurrencyOptions.Algorithm"/>, within
/// [<see cref="AdaptiveConcurrencyOptions.MinLimit"/>, <see cref="AdaptiveConcurrencyOptions.MaxLimit"/>]. Up to
/// <see cref="AdaptiveConcurrencyOptions.MaxQueueLength"/> callers wait first in first out; everyone beyond gets a
/// <see cref="ConcurrencyLimitExceededError"/> at once. Thread-safe; create one per protected resource and share it
/// (docs/concurrency-limit.md).
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly LimitEstimator estimator;
    private readonly Lock sampling = new();
    private readonly TelemetryRecorder telemetry;
    private double estimate;
    private ConcurrencyLimitExceededError exceeded;

    /// <summary>Creates a limiter at <see cref="AdaptiveConcurrencyOptions.InitialLimit"/>.</summary>
    /// <param name="options">The settings, validated when the record was built.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The minimum exceeds the maximum, or the initial limit is outside them.</exception>
    public AdaptiveConcurrencyLimiter(AdaptiveConcurrencyOptions options)
    {
        Options = OptionGuards.NotNull(options, nameof(options)).CheckAcrossSettings();
        Gate = new Bulkhead(new BulkheadOptions
        {
            MaxConcurrency = options.InitialLimit,
            MaxQueueLength = options.MaxQueueLength,
            MaxQueueWait = options.MaxQueueWait,
            TimeProvider = options.TimeProvider,
            Name = options.Name,
        });
        estimator = options.Algorithm.CreateEstimator();
        estimate = options.InitialLimit;
        exceeded = new ConcurrencyLimitExceededError(options.InitialLimit, options.MaxQueueLength);
        telemetry = new TelemetryRecorder(options.Name, null, options.TimeProvider);
    }

    /// <summary>The settings.</summary>
    public AdaptiveConcurrencyOptions Options { get; }

    /// <summary>How many executions may run at once now: the whole part of the estimate.</summary>
    public int Limit => Gate.MaxConcurrency;

    /// <summary>How many executions hold a slot now (may exceed <see cref="Limit"/> for a while after it fell).</summary>
    public int InFlight => Gate.InUse;

    /// <summary>How many callers wait for a slot now.</summary>
    public int Queued => Gate.Queued;

    /// <summary>The estimate the limit is the whole part of.</summary>
    internal double Estimate
    {
        get
        {
            lock (sampling)
            {
                return estimate;
            }
        }
    }

    /// <summary>The slots and the queue, sized to the limit as it moves.</summary>
    internal Bulkhead Gate { get; }

    /// <summary>The error a refused caller gets: one instance per limit value, made again only after the limit moved.</summary>
    internal ConcurrencyLimitExceededError Rejection()
    {
        var error = Volatile.Read(ref exceeded);
        var limit = Limit;
        if (error.Limit == limit)
        {
            return error;
        }

        error = new ConcurrencyLimitExceededError(limit, Options.MaxQueueLength);
        Volatile.Write(ref exceeded, error);
        return error;
    }

    /// <summary>
    /// Moves the limit by the outcome of a call that started at <paramref name="started"/> with
    /// <paramref name="inFlight"/> calls in flight: a success is a sample, a failure the classifier calls transient is a
    /// drop, anything else (a permanent failure, the caller's cancellation) is no sample.
    /// </summary>
    internal void Record<T>(Either<Error, T> result, long started, int inFlight)
    {
        var dropped = !result.IsRight;
        if (dropped && !Options.Classifier.IsTransient(Kernel.ErrorOf(result)))
        {
            return;
        }

        var sample = new LimitSample(Options.TimeProvider.GetElapsedTime(started), inFlight, dropped);
        int before, after;
        lock (sampling)
        {
            before = (int)estimate;
            estimate = Math.Clamp(estimator.Next(estimate, sample), Options.MinLimit, Options.MaxLimit);
            after = (int)estimate;
            if (after != before)
            {
                Gate.Resize(after);
            }
        }

        if (after != before)
        {
            telemetry.Occurred(ConcurrencyLimitTelemetry.LimitChanged, ConcurrencyLimitTelemetry.DirectionTag, after > before ? ConcurrencyLimitTelemetry.Increased : ConcurrencyLimitTelemetry.Decreased);
        }
    }
}
