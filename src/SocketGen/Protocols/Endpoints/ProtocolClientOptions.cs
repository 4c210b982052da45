using SocketGen.Addressing;

namespace SocketGen.Protocols;

/// <summary>Settings for a <see cref="ProtocolClient{TProtocol, TClientMessage, TServerMessage}"/>.</summary>
public sealed class ProtocolClientOptions
{
    /// <summary>How to connect: timeout, address family, Happy Eyeballs delay (the defaults when null).</summary>
    public ConnectOptions? Connect { get; set; }

    /// <summary>The largest frame accepted from the server; the protocol's declared limit when null.</summary>
    public int? MaxFrameLength { get; set; }

    /// <summary>How many unsolicited messages wait to be read before the client stops reading the connection (1024 by default).</summary>
    public int UnsolicitedCapacity { get; set; } = 1024;
}
