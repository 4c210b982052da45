using System.Net;
using System.Net.Sockets;

namespace SocketGen.Bench.Servers;

/// <summary>The listening socket of the servers that accept connections themselves.</summary>
internal static class LoopbackListener
{
    /// <summary>A TCP socket listening on 127.0.0.1 on a port the system picks, with room for every scenario's connections to queue.</summary>
    public static Socket Open()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        return listener;
    }
}
