using System.Net;
using SocketGen.Sockets;

namespace SocketGen;

/// <summary>
/// An end point that stands for a socket already listening, such as one systemd passed in (socket
/// activation). Handing it to a server's <c>StartAsync</c> serves that socket instead of binding a new one,
/// so every generated server can be socket-activated through the end point it already takes.
/// </summary>
public sealed class ListeningSocketEndPoint : EndPoint
{
    private SocketListener? _listener;

    /// <summary>Wraps a listening socket; the server that takes it owns it from then on.</summary>
    /// <param name="listener">The listening socket.</param>
    public ListeningSocketEndPoint(SocketListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        LocalEndPoint = listener.LocalEndPoint;
    }

    /// <summary>The address the socket listens on.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <inheritdoc/>
    public override System.Net.Sockets.AddressFamily AddressFamily => LocalEndPoint.AddressFamily;

    /// <summary>The sockets systemd passed to this process (LISTEN_FDS), one end point each; empty when none.</summary>
    /// <returns>The end points.</returns>
    public static IReadOnlyList<ListeningSocketEndPoint> FromSystemd() =>
        SocketListener.TakeFromSystemd().Select(listener => new ListeningSocketEndPoint(listener)).ToArray();

    /// <inheritdoc/>
    public override string ToString() => "listening socket " + LocalEndPoint;

    /// <summary>Hands the socket to a server, once.</summary>
    /// <exception cref="InvalidOperationException">A server already took it.</exception>
    internal SocketListener Take() =>
        Interlocked.Exchange(ref _listener, null) ?? throw new InvalidOperationException("This listening socket is already served by another server.");
}
