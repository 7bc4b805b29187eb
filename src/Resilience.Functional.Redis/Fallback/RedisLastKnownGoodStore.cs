using System.Globalization;
using LanguageExt;
using Resilience.Functional.Stores;
using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// A last-known-good store on Redis, shared by every instance of a service, for
/// <c>WithLastKnownGood(store, key)</c>: a success is written in the background (fire and forget, no round trip on
/// the caller's path), a value larger than <see cref="RedisLastKnownGoodOptions.MaxValueBytes"/> is not written, and
/// a failure is answered with the stored value while it is no older than
/// <see cref="RedisLastKnownGoodOptions.MaxStaleness"/> on the server's clock.
/// </summary>
/// <typeparam name="T">The value type; the serializer must round-trip it.</typeparam>
public sealed class RedisLastKnownGoodStore<T> : ILastKnownGoodStore<string, T>
{
    private readonly IDatabase database;
    private readonly RedisValue ttl;
    private long oversized;

    /// <summary>A store on <paramref name="connection"/> with <paramref name="options"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <param name="options">Staleness, size bound, prefix and serializer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RedisLastKnownGoodStore(IConnectionMultiplexer connection, RedisLastKnownGoodOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = OptionGuards.NotNull(options, nameof(options));
        database = connection.GetDatabase(options.Database);
        ttl = RedisIdempotencyStore.Milliseconds(options.MaxStaleness);
        Availability = new RedisAvailability(options.Name, TimeProvider.System);
    }

    /// <summary>The settings.</summary>
    public RedisLastKnownGoodOptions Options { get; }

    /// <summary>Whether the last lookup reached Redis; its health check and telemetry (writes are not waited for).</summary>
    public RedisAvailability Availability { get; }

    /// <summary>How many successes were not written because they were larger than <see cref="RedisLastKnownGoodOptions.MaxValueBytes"/>.</summary>
    public long Oversized => Interlocked.Read(ref oversized);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public void Store(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var payload = Options.Serializer.SerializeValue(value);
        if (payload.Length > Options.MaxValueBytes)
        {
            Interlocked.Increment(ref oversized);
            return;
        }

        _ = database.ScriptEvaluateAsync(LastKnownGoodScripts.Write, [Options.KeyPrefix + key], [payload, ttl], CommandFlags.FireAndForget);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public async ValueTask<Option<Served<T>>> TryGetFreshAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        RedisResult[] found;
        try
        {
            found = (RedisResult[])(await database.ScriptEvaluateAsync(LastKnownGoodScripts.Read, [Options.KeyPrefix + key]).ConfigureAwait(false))!;
            Availability.Succeeded();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            throw;
        }

        if (found.Length < 2)
        {
            return Option<Served<T>>.None;
        }

        var age = TimeSpan.FromTicks(long.Parse(found[0].ToString(), CultureInfo.InvariantCulture) * 10);
        return age <= Options.MaxStaleness
            ? Option<Served<T>>.Some(Served.Stale(Options.Serializer.DeserializeValue<T>((byte[])found[1]!), age < TimeSpan.Zero ? TimeSpan.Zero : age))
            : Option<Served<T>>.None;
    }
}
