using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;
using SocketGen.Sockets;

namespace SocketGen.Rpc;

/// <summary>
/// The seam between a connected socket and the engine. The engine reads and writes a <see cref="Stream"/>,
/// so TLS (an SslStream over this one) can slot in under the framing without touching it.
/// </summary>
internal static class RpcTransport
{
    public static Stream CreateStream(Socket socket)
    {
        if (socket.ProtocolType == ProtocolType.Tcp)
        {
            socket.NoDelay = true;
        }

        return new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>Connects through the runtime core (every address of a host is tried, Happy Eyeballs).</summary>
    public static ValueTask<SocketConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken) =>
        SocketConnector.ConnectAsync(endPoint, null, cancellationToken);

    /// <summary>Connects through the runtime core (every address of a host is tried, Happy Eyeballs).</summary>
    public static ValueTask<SocketConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
        SocketConnector.ConnectAsync(host, port, null, cancellationToken);
}
