using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// The executions in flight of one kind of call, one per key: concurrent calls with the same key share one execution
/// of the operation and all receive its outcome (request coalescing, Go's <c>singleflight</c>). Create one per kind
/// of call (say, per cache-miss loader) and share it; it is safe to use from many threads at once.
/// </summary>
/// <remarks>
/// A caller that cancels leaves with <see cref="CancelledError"/> and the others go on; the execution's own token is
/// cancelled only when every caller has left. An entry lives only while its execution runs: the next call after it
/// completes runs the operation again, unless <see cref="SingleFlightOptions.ReuseFor"/> asks to hand a completed
/// success to later calls for a while (docs/single-flight.md).
/// </remarks>
/// <typeparam name="TKey">The key calls are coalesced by.</typeparam>
/// <typeparam name="T">The type of the success value.</typeparam>
public sealed class SingleFlight<TKey, T>
    where TKey : notnull
{
    private readonly Dictionary<TKey, SingleFlightCall<T>> calls;
    private readonly SingleFlightReuse<TKey, T>? reuse;

    // One finished call nobody else ever saw, kept for the next execution: with the pooled token source, a call
    // that completes synchronously allocates nothing. Guarded by the lock on calls.
    private SingleFlightCall<T>? spare;

    /// <summary>A single-flight with <see cref="SingleFlightOptions.Default"/> and the key type's default equality.</summary>
    public SingleFlight()
        : this(SingleFlightOptions.Default)
    {
    }

    /// <summary>A single-flight with the given settings and the key type's default equality.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public SingleFlight(SingleFlightOptions options)
        : this(options, EqualityComparer<TKey>.Default)
    {
    }

    /// <summary>A single-flight with the given settings, comparing keys with <paramref name="comparer"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="comparer">Decides which keys are the same call (say, <see cref="StringComparer.OrdinalIgnoreCase"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SingleFlight(SingleFlightOptions options, IEqualityComparer<TKey> comparer)
    {
        Options = OptionGuards.NotNull(options, nameof(options));
        calls = new Dictionary<TKey, SingleFlightCall<T>>(OptionGuards.NotNull(comparer, nameof(comparer)));
        reuse = options.ReuseFor > TimeSpan.Zero ? new SingleFlightReuse<TKey, T>(options, comparer) : null;
        Telemetry = new TelemetryRecorder(options.Name, null, options.TimeProvider);
    }

    /// <summary>The settings.</summary>
    public SingleFlightOptions Options { get; }

    /// <summary>The number of keys with an execution in flight now (an entry is removed the moment its execution completes).</summary>
    public int InFlight
    {
        get
        {
            lock (calls)
            {
                return calls.Count;
            }
        }
    }

    /// <summary>The number of successes kept for reuse now (none unless <see cref="SingleFlightOptions.ReuseFor"/> is positive).</summary>
    public int Reusable
    {
        get
        {
            lock (calls)
            {
                return reuse?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// How long the oldest execution in flight has been running (zero when none is): a shared execution that hangs
    /// holds every caller of its key, so this is what <see cref="HealthCheck.ForSingleFlight{TKey, T}(string, SingleFlight{TKey, T}, TimeSpan)"/> watches.
    /// </summary>
    public TimeSpan OldestInFlight
    {
        get
        {
            var clock = Options.TimeProvider;
            lock (calls)
            {
                var oldest = long.MaxValue;
                foreach (var call in calls.Values)
                {
                    oldest = Math.Min(oldest, call.Started);
                }

                return oldest == long.MaxValue ? TimeSpan.Zero : clock.GetElapsedTime(oldest);
            }
        }
    }

    internal TelemetryRecorder Telemetry { get; }

    /// <summary>
    /// Runs <paramref name="operation"/> for <paramref name="key"/>, or joins its execution already in flight.
    /// </summary>
    internal ValueTask<Either<Error, T>> Run(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, TKey key, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Outcome.Cancelled<T>();
        }

        SingleFlightCall<T>? call;
        CancellationTokenSource? source = null;
        Task<Either<Error, T>>? joined = null;
        Either<Error, T> kept = default;
        lock (calls)
        {
            if (reuse is not null && reuse.TryGet(key, out kept))
            {
                call = null;
            }
            else if (calls.TryGetValue(key, out call))
            {
                call.Callers++;
                joined = call.Outcome();
            }
            else
            {
                call = spare ?? new SingleFlightCall<T>();
                spare = null;
                call.Callers = 1;
                call.Started = Options.TimeProvider.GetTimestamp();
                call.Source = source = TokenSourcePool.Rent();
                calls.Add(key, call);
            }
        }

        if (call is null)
        {
            Telemetry.Occurred(SingleFlightTelemetry.Reused);
            return new(kept);
        }

        if (joined is not null)
        {
            Telemetry.Occurred(SingleFlightTelemetry.Joined);
            return Wait(key, call, joined, ct);
        }

        var token = source!.Token;
        var pending = Kernel<CallSite.SingleFlight>.Start(operation, token);
        if (Kernel.TryTake(pending, out var result))
        {
            Publish(key, call, result);
            return new(result);
        }

        Task<Either<Error, T>> shared;
        lock (calls)
        {
            shared = call.Outcome();
        }

        _ = Drive(key, call, pending, token);
        return Wait(key, call, shared, ct);
    }

    // Settles the shared execution and publishes its outcome, whoever is still waiting; it never faults.
    private async Task Drive(TKey key, SingleFlightCall<T> call, ValueTask<Either<Error, T>> pending, CancellationToken token)
    {
        var result = await Kernel.Settle(pending, token).ConfigureAwait(false);
        Publish(key, call, result);
    }

    private async ValueTask<Either<Error, T>> Wait(TKey key, SingleFlightCall<T> call, Task<Either<Error, T>> outcome, CancellationToken ct)
    {
        try
        {
            return await outcome.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Leave(key, call);
            return Either<Error, T>.Left(CancelledError.Instance);
        }
    }

    private void Publish(TKey key, SingleFlightCall<T> call, Either<Error, T> result)
    {
        TaskCompletionSource<Either<Error, T>>? shared;
        CancellationTokenSource? source;
        lock (calls)
        {
            if (calls.TryGetValue(key, out var current) && ReferenceEquals(current, call))
            {
                calls.Remove(key);
            }

            call.Done = true;
            if (reuse is not null && result.IsRight)
            {
                reuse.Keep(key, result);
            }

            shared = call.Shared;
            // An abandoned call's source is being (or was) cancelled by the last caller to leave; it goes to the
            // garbage collector, not back to the pool, so no other execution can ever see that cancellation.
            source = call.Abandoned ? null : call.Source;
            if (shared is null)
            {
                spare ??= call.Reset();
            }
        }

        shared?.TrySetResult(result);
        if (source is not null)
        {
            TokenSourcePool.Return(source);
        }
    }

    private void Leave(TKey key, SingleFlightCall<T> call)
    {
        CancellationTokenSource? abandoned = null;
        lock (calls)
        {
            if (call.Done || --call.Callers > 0)
            {
                return;
            }

            call.Abandoned = true;
            abandoned = call.Source;
            // No longer joinable: a new caller with this key starts a fresh execution instead of joining a cancelled one.
            calls.Remove(key);
        }

        Telemetry.Occurred(SingleFlightTelemetry.Abandoned);
        Cancel(abandoned!);
    }

    // The operation's cancellation callbacks are user code: what they throw concerns nobody who is still waiting.
    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // See above.
        }
    }
}
