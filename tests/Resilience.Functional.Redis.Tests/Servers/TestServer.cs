using StackExchange.Redis;

namespace Resilience.Functional.Redis.Tests.Servers;

/// <summary>A Redis-protocol server that a test fixture started on a free 127.0.0.1 port.</summary>
public abstract class TestServer : IDisposable
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(20);

    protected TestServer(int port) => Port = port;

    public int Port { get; }

    public abstract string Kind { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A new, independent connection (its own multiplexer), reconnecting by itself, with short timeouts.</summary>
    public ConnectionMultiplexer Connect()
    {
        var options = RedisConnection.Options(Endpoint);
        options.ConnectTimeout = 2_000;
        options.SyncTimeout = 2_000;
        options.AsyncTimeout = 2_000;
        options.ConnectRetry = 3;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        options.AllowAdmin = true;
        return ConnectionMultiplexer.Connect(options);
    }

    public abstract void Dispose();

    /// <summary>Independent connections, one per simulated instance, disposed together.</summary>
    public Connections ConnectMany(int count) => new(Enumerable.Range(0, count).Select(_ => Connect()).ToArray());

    /// <summary>The connections of <see cref="ConnectMany"/>.</summary>
    public sealed class Connections(ConnectionMultiplexer[] all) : IAsyncDisposable
    {
        public ConnectionMultiplexer[] All { get; } = all;

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in All)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
