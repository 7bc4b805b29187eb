using System.Net;
using System.Net.Sockets;

namespace Resilience.Functional.Redis.Tests.Servers;

/// <summary>A loopback port the OS reports free (bound to port 0 and released), for a server to listen on.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
