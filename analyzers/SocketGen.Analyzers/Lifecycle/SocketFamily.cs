namespace SocketGen.Analyzers.Lifecycle;

/// <summary>The socket types whose lifecycle the analyzer follows.</summary>
internal enum SocketFamily
{
    /// <summary>System.Net.Sockets.Socket.</summary>
    Socket,

    /// <summary>System.Net.Sockets.TcpListener: created with its endpoint (bound), Start listens, Stop stops.</summary>
    TcpListener,

    /// <summary>System.Net.Sockets.TcpClient: a stream socket that connects.</summary>
    TcpClient,

    /// <summary>System.Net.Sockets.UdpClient: a datagram socket.</summary>
    UdpClient,
}
