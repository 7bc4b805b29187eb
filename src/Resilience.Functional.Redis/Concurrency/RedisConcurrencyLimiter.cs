using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// A bulkhead shared by every instance of a service, for a shared downstream: at most
/// <see cref="RedisConcurrencyLimiterOptions.MaxConcurrency"/> calls hold a permit at once across all instances. A
/// permit is a lease on the server, renewed while its call runs; if its holder dies, the permit comes back when the
/// lease runs out. Apply it with
/// <see cref="RedisConcurrencyLimiterExtensions.WithConcurrencyLimit{T}(Func{CancellationToken, ValueTask{LanguageExt.Either{LanguageExt.Common.Error, T}}}, RedisConcurrencyLimiter)"/>.
/// </summary>
public sealed class RedisConcurrencyLimiter
{
    private readonly IDatabase database;
    private readonly RedisKey key;
    private readonly RedisValue limit;
    private readonly RedisValue leaseMilliseconds;
    private int localInUse;

    /// <summary>A limiter on <paramref name="connection"/> with <paramref name="options"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <param name="options">Limit, lease, resource and outage mode.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RedisConcurrencyLimiter(IConnectionMultiplexer connection, RedisConcurrencyLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = OptionGuards.NotNull(options, nameof(options));
        database = connection.GetDatabase(options.Database);
        key = options.KeyPrefix + options.Resource;
        limit = options.MaxConcurrency;
        leaseMilliseconds = RedisIdempotencyStore.Milliseconds(options.LeaseDuration);
        Full = new BulkheadFullError(options.MaxConcurrency, 0);
        Availability = new RedisAvailability(options.Name, TimeProvider.System);
    }

    /// <summary>The settings.</summary>
    public RedisConcurrencyLimiterOptions Options { get; }

    /// <summary>Whether the last call reached Redis; its health check and telemetry.</summary>
    public RedisAvailability Availability { get; }

    /// <summary>The error of a refused call: a <see cref="BulkheadFullError"/> with the limit and no queue.</summary>
    internal BulkheadFullError Full { get; }

    /// <summary>How many permits are held now across every instance (leases that ran out are not counted).</summary>
    /// <exception cref="RedisException">Redis cannot be reached.</exception>
    public async Task<long> CountAsync() =>
        (long)await database.ScriptEvaluateAsync(ConcurrencyScripts.Count, [key], [leaseMilliseconds]).ConfigureAwait(false);

    internal async ValueTask<ConcurrencyPermit> TryAcquireAsync()
    {
        var lease = Guid.NewGuid().ToString("N");
        try
        {
            var taken = (long)await database.ScriptEvaluateAsync(ConcurrencyScripts.Acquire, [key], [limit, leaseMilliseconds, lease]).ConfigureAwait(false) == 1;
            Availability.Succeeded();
            return taken ? new ConcurrencyPermit(true, lease) : ConcurrencyPermit.None;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            return Options.OnUnavailable == RedisOutageMode.FailOpen && Interlocked.Increment(ref localInUse) <= Options.MaxConcurrency
                ? ConcurrencyPermit.Local
                : LocalRefused();
        }
    }

    internal async ValueTask<bool> RenewAsync(string lease) =>
        (long)await database.ScriptEvaluateAsync(ConcurrencyScripts.Renew, [key], [leaseMilliseconds, lease]).ConfigureAwait(false) == 1;

    internal async ValueTask ReleaseAsync(ConcurrencyPermit permit)
    {
        if (permit.Lease is null)
        {
            Interlocked.Decrement(ref localInUse);
            return;
        }

        try
        {
            await database.SortedSetRemoveAsync(key, permit.Lease).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The lease runs out on its own.
            Availability.Failed(ex);
        }
    }

    private ConcurrencyPermit LocalRefused()
    {
        if (Options.OnUnavailable == RedisOutageMode.FailOpen)
        {
            Interlocked.Decrement(ref localInUse);
        }

        return ConcurrencyPermit.None;
    }
}
