using System.Net;
using System.Net.Sockets;
using Garnet;
using Resilience.Functional.Redis;
using StackExchange.Redis;

namespace Resilience.Functional.Benchmarks;

/// <summary>The embedded Garnet server (Lua on, atomic scripts) every Redis benchmark of one class runs against.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly GarnetServer server;

    public RedisServer()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Endpoint = $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
        }

        var port = Endpoint.Split(':')[1];
        server = new GarnetServer(["--bind", "127.0.0.1", "--port", port, "--lua", "--lua-transaction-mode", "--index", "16m", "--memory", "256m"]);
        server.Start();
    }

    public string Endpoint { get; }

    public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(RedisConnection.Options(Endpoint));

    public void Dispose() => server.Dispose();
}
