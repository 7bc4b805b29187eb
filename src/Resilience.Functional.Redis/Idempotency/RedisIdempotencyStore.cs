using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;
using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// An <see cref="IIdempotencyStore"/> on Redis, shared by every instance of a service: begin, complete, release and
/// renew are each one atomic script (one round trip), the lease is checked on the server so a stale holder can never
/// store, free or extend another's claim, fingerprints are compared on the server, and records expire by TTL.
/// </summary>
/// <remarks>
/// It fails closed: when Redis cannot be reached, <see cref="BeginAsync"/> throws and
/// <see cref="IdempotencyExtensions.WithIdempotency{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, IdempotencyGuard, string, string)"/>
/// turns that into an <see cref="IdempotencyStoreUnavailableError"/> without running the operation. A server that
/// restarts without persistence forgets every key (docs/redis.md#failure-modes).
/// </remarks>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    private readonly IDatabase database;

    /// <summary>A store on <paramref name="connection"/> with <paramref name="options"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <param name="options">Prefix, record bound and database.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RedisIdempotencyStore(IConnectionMultiplexer connection, RedisIdempotencyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = OptionGuards.NotNull(options, nameof(options));
        database = connection.GetDatabase(options.Database);
        Availability = new RedisAvailability(options.Name, TimeProvider.System);
    }

    /// <summary>A store on <paramref name="connection"/> with <see cref="RedisIdempotencyStoreOptions.Default"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public RedisIdempotencyStore(IConnectionMultiplexer connection)
        : this(connection, RedisIdempotencyStoreOptions.Default)
    {
    }

    /// <summary>The settings.</summary>
    public RedisIdempotencyStoreOptions Options { get; }

    /// <summary>Whether the last call reached Redis; its health check and telemetry.</summary>
    public RedisAvailability Availability { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid idempotency key.</exception>
    public async ValueTask<IdempotencyBegin> BeginAsync(string key, string? fingerprint, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var redisKey = Key(key);
        var lease = Guid.NewGuid();
        var answer = (RedisResult[])(await Call(IdempotencyScripts.Begin, redisKey, [lease.ToString("N"), Encode(fingerprint), Milliseconds(leaseDuration)]).ConfigureAwait(false))!;
        return answer[0].ToString() switch
        {
            "started" => IdempotencyBegin.Started(lease),
            "completed" => IdempotencyBegin.Completed(new IdempotencyRecord(Decode(answer[1]), answer[2].ToString() == "1", (byte[])answer[3]!)),
            "inflight" or "mismatch" => IdempotencyBegin.InFlight(Decode(answer[1])),
            var other => throw new InvalidOperationException($"The begin script answered '{other}'."),
        };
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, or the payload is larger than <see cref="RedisIdempotencyStoreOptions.MaxRecordBytes"/>.</exception>
    public async ValueTask CompleteAsync(string key, Guid lease, IdempotencyRecord record, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var redisKey = Key(key);
        if (record.Payload.Length > Options.MaxRecordBytes)
        {
            throw new ArgumentException(
                $"The outcome for key '{key}' is {record.Payload.Length} bytes; RedisIdempotencyStoreOptions.MaxRecordBytes allows at most {Options.MaxRecordBytes}.",
                nameof(record));
        }

        await Call(IdempotencyScripts.Complete, redisKey, [lease.ToString("N"), record.IsSuccess ? "1" : "0", record.Payload, Milliseconds(timeToLive)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid idempotency key.</exception>
    public async ValueTask ReleaseAsync(string key, Guid lease, CancellationToken cancellationToken) =>
        await Call(IdempotencyScripts.Release, Key(key), [lease.ToString("N")]).ConfigureAwait(false);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid idempotency key.</exception>
    public async ValueTask<bool> RenewAsync(string key, Guid lease, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
        (long)(await Call(IdempotencyScripts.Renew, Key(key), [lease.ToString("N"), Milliseconds(leaseDuration)]).ConfigureAwait(false)) == 1;

    private async Task<RedisResult> Call(string script, RedisKey key, RedisValue[] values)
    {
        try
        {
            var result = await database.ScriptEvaluateAsync(script, [key], values).ConfigureAwait(false);
            Availability.Succeeded();
            return result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            throw;
        }
    }

    private RedisKey Key(string key) =>
        IdempotencyGuard.ValidateKey(key).Match(
            Some: e => throw new ArgumentException($"Invalid idempotency key: {e.Message}", nameof(key)),
            None: () => (RedisKey)(Options.KeyPrefix + key));

    private static string Encode(string? fingerprint) => fingerprint is null ? "n" : "v" + fingerprint;

    private static string? Decode(RedisResult stored) => stored.ToString() is ['v', .. var rest] ? rest : null;

    // Redis expiries are whole milliseconds; rounding up keeps a record at least as long as asked.
    internal static long Milliseconds(TimeSpan duration) => Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));
}
