using Microsoft.Extensions.Logging;
using SocketGen.Sockets;

namespace SocketGen.Protocols;

/// <summary>Settings for a <see cref="ProtocolServer{TProtocol, TClientMessage, TServerMessage}"/>.</summary>
public sealed class ProtocolServerOptions
{
    /// <summary>How to listen: backlog, address reuse, dual mode (the defaults when null).</summary>
    public SocketListenerOptions? Listener { get; set; }

    /// <summary>The largest frame accepted from a client; the protocol's declared limit when null.</summary>
    public int? MaxFrameLength { get; set; }

    /// <summary>Where the server logs why it closed a connection (a frame over the limit, a malformed message, a failed handler).</summary>
    public ILogger? Logger { get; set; }
}
