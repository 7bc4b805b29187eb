using Garnet;

namespace Resilience.Functional.Redis.Tests.Servers;

/// <summary>An embedded Garnet server (in process, Lua on) on a free loopback port.</summary>
public sealed class GarnetServerFixture : TestServer
{
    private readonly GarnetServer server;

    public GarnetServerFixture()
        : base(FreePort.Next())
    {
        server = new GarnetServer(["--bind", "127.0.0.1", "--port", Port.ToString(), "--lua", "--lua-transaction-mode", "--index", "16m", "--memory", "256m"]);
        server.Start(); // listening when it returns
    }

    public override string Kind => "garnet";

    public override void Dispose() => server.Dispose();
}
