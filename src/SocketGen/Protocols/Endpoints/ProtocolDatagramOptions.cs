using Microsoft.Extensions.Logging;
using SocketGen.Sockets;

namespace SocketGen.Protocols;

/// <summary>Settings for the datagram endpoints of a protocol declared <see cref="OnePerDatagramAttribute"/>.</summary>
public sealed class ProtocolDatagramOptions
{
    /// <summary>Datagram size limit and socket options (the defaults when null).</summary>
    public DatagramOptions? Socket { get; set; }

    /// <summary>How long a client waits for a reply before <see cref="TimeoutException"/> (datagrams can be lost); 5 s by default.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many unsolicited messages wait to be read before the client stops reading (1024 by default).</summary>
    public int UnsolicitedCapacity { get; set; } = 1024;

    /// <summary>Where a server logs datagrams it dropped (malformed) and handlers that failed.</summary>
    public ILogger? Logger { get; set; }
}
