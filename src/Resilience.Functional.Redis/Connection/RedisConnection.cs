using StackExchange.Redis;

namespace Resilience.Functional.Redis;

/// <summary>
/// Connection settings validated when they are made: a connection string that does not parse, or names no endpoint,
/// fails with an <see cref="ArgumentException"/> naming what is wrong, never at the first call.
/// </summary>
public static class RedisConnection
{
    /// <summary>
    /// Parses <paramref name="connectionString"/> into options that reconnect by themselves after a restart
    /// (<see cref="ConfigurationOptions.AbortOnConnectFail"/> off, docs/redis.md#failure-modes).
    /// </summary>
    /// <param name="connectionString">A StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <exception cref="ArgumentException">The text is empty, does not parse, or names no endpoint.</exception>
    public static ConfigurationOptions Options(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("connectionString must name at least one endpoint (host:port).", nameof(connectionString));
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            throw new ArgumentException($"connectionString '{connectionString}' does not parse: {ex.Message}", nameof(connectionString), ex);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException($"connectionString '{connectionString}' names no endpoint (host:port).", nameof(connectionString));
        }

        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>Connects with <see cref="Options(string)"/>; the connection retries in the background while the server is down.</summary>
    /// <param name="connectionString">A StackExchange.Redis connection string.</param>
    /// <exception cref="ArgumentException">The text is empty, does not parse, or names no endpoint.</exception>
    public static Task<ConnectionMultiplexer> ConnectAsync(string connectionString) =>
        ConnectionMultiplexer.ConnectAsync(Options(connectionString));
}
