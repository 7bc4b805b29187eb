using System.Globalization;
using Resilience.Functional.CircuitBreaking;
using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// The breaker cluster view on Redis: each instance's <see cref="ClusterBreakerLink"/> publishes its breaker's window
/// and state here with a heartbeat, in one script per poll that also sums the live instances' reports. Dead instances
/// drop out when their heartbeat runs out. Nothing here is on a call's path.
/// </summary>
public sealed class RedisBreakerCluster : IBreakerClusterView
{
    private readonly IDatabase database;
    private readonly RedisKey key;
    private readonly RedisValue heartbeat;

    /// <summary>A view on <paramref name="connection"/> with <paramref name="options"/>.</summary>
    /// <param name="connection">The shared connection; the caller owns it.</param>
    /// <param name="options">Breaker, instance id, heartbeat and prefix.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RedisBreakerCluster(IConnectionMultiplexer connection, RedisBreakerClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = OptionGuards.NotNull(options, nameof(options));
        database = connection.GetDatabase(options.Database);
        key = options.KeyPrefix + options.Breaker;
        heartbeat = RedisIdempotencyStore.Milliseconds(options.Heartbeat);
        Availability = new RedisAvailability(options.Breaker + "-cluster", TimeProvider.System);
    }

    /// <summary>The settings.</summary>
    public RedisBreakerClusterOptions Options { get; }

    /// <summary>Whether the last exchange reached Redis; its health check and telemetry, named after the breaker with <c>-cluster</c>.</summary>
    public RedisAvailability Availability { get; }

    /// <inheritdoc />
    public async ValueTask<BreakerClusterCounts> ExchangeAsync(BreakerClusterReport report, CancellationToken cancellationToken)
    {
        RedisResult[] sums;
        try
        {
            sums = (RedisResult[])(await database.ScriptEvaluateAsync(
                BreakerClusterScript.Exchange,
                [key],
                [Options.InstanceId, heartbeat, report.Calls, report.Failures, report.Open ? 1 : 0, report.Unhealthy ? 1 : 0]).ConfigureAwait(false))!;
            Availability.Succeeded();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Availability.Failed(ex);
            throw;
        }

        return new BreakerClusterCounts((int)Number(sums[0]), Number(sums[1]), Number(sums[2]), (int)Number(sums[3]), (int)Number(sums[4]));
    }

    /// <summary>Removes this instance's report at once (a clean shutdown), instead of letting its heartbeat run out.</summary>
    /// <exception cref="RedisException">Redis cannot be reached.</exception>
    public Task LeaveAsync() => database.HashDeleteAsync(key, Options.InstanceId);

    private static long Number(RedisResult text) => long.Parse(text.ToString(), CultureInfo.InvariantCulture);
}
