using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// The stale-cache step of a fallback chain: every success is stored under a key, and a failure (other than the
/// caller's cancellation) is answered with the stored value while it is no older than the cache's maximum staleness.
/// </summary>
public static class LastKnownGoodExtensions
{
    /// <summary>
    /// Stores each success of <paramref name="operation"/> in <paramref name="cache"/> under <paramref name="key"/>, and
    /// on an error serves the value stored there if it is fresh enough; otherwise the error passes through.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="cache">The shared store of last known good values.</param>
    /// <param name="key">The key this operation's values are stored under.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithLastKnownGood<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        LastKnownGoodCache<TKey, T> cache,
        TKey key)
        where TKey : notnull =>
        operation.WithLastKnownGoodTagged(cache, key).Map(static served => served.Value);

    /// <summary>
    /// Like <see cref="WithLastKnownGood{TKey, T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, LastKnownGoodCache{TKey, T}, TKey)"/>, but the value says whether it is fresh
    /// (<see cref="ServedSource.Primary"/>) or stale, and how old.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="cache">The shared store of last known good values.</param>
    /// <param name="key">The key this operation's values are stored under.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Served<T>>>> WithLastKnownGoodTagged<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        LastKnownGoodCache<TKey, T> cache,
        TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(cache);
        return operation.WithLastKnownGoodTagged((ILastKnownGoodStore<TKey, T>)cache, key);
    }

    /// <summary>
    /// Stores each success of <paramref name="operation"/> in <paramref name="store"/> under <paramref name="key"/>
    /// (without waiting for the store: a remote one writes in the background), and on an error serves the value stored
    /// there if it is fresh enough; otherwise, or when the store fails, the error passes through.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="store">The shared store of last known good values, e.g. one on Redis.</param>
    /// <param name="key">The key this operation's values are stored under.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, T>>> WithLastKnownGood<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ILastKnownGoodStore<TKey, T> store,
        TKey key)
        where TKey : notnull =>
        operation.WithLastKnownGoodTagged(store, key).Map(static served => served.Value);

    /// <summary>
    /// Like <see cref="WithLastKnownGood{TKey, T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, ILastKnownGoodStore{TKey, T}, TKey)"/>,
    /// but the value says whether it is fresh (<see cref="ServedSource.Primary"/>) or stale, and how old.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="operation">The primary operation.</param>
    /// <param name="store">The shared store of last known good values.</param>
    /// <param name="key">The key this operation's values are stored under.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Func<CancellationToken, ValueTask<Either<Error, Served<T>>>> WithLastKnownGoodTagged<TKey, T>(
        this Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        ILastKnownGoodStore<TKey, T> store,
        TKey key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        var telemetry = FallbackExtensions.Recorder(FallbackTelemetry.LastKnownGoodName);
        return operation
            .Map(value =>
            {
                Remember(store, key, value);
                return Served.Primary(value);
            })
            .Recover(error => Op.Of(ct => ServeStale(store, key, error, telemetry, ct)));
    }

    private static void Remember<TKey, T>(ILastKnownGoodStore<TKey, T> store, TKey key, T value)
        where TKey : notnull
    {
        try
        {
            store.Store(key, value);
        }
        catch (Exception)
        {
            // A store that cannot write never changes the primary's outcome.
        }
    }

    private static async ValueTask<Either<Error, Served<T>>> ServeStale<TKey, T>(
        ILastKnownGoodStore<TKey, T> store, TKey key, Error error, TelemetryRecorder telemetry, CancellationToken ct)
        where TKey : notnull
    {
        Option<Served<T>> found;
        try
        {
            found = await store.TryGetFreshAsync(key, ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            found = Option<Served<T>>.None;
        }

        return found.Match(
            Some: stale => FallbackExtensions.Used(telemetry, error, Either<Error, Served<T>>.Right(stale)),
            None: () => Either<Error, Served<T>>.Left(error));
    }
}
