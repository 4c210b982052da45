using SocketGen.Addressing;
using SocketGen.Security;

namespace SocketGen.Protocols;

/// <summary>Settings for a <see cref="ProtocolClient{TProtocol, TClientMessage, TServerMessage}"/>.</summary>
public sealed class ProtocolClientOptions
{
    /// <summary>How to connect: timeout, address family, Happy Eyeballs delay (the defaults when null).</summary>
    public ConnectOptions? Connect { get; set; }

    /// <summary>The largest frame accepted from the server; the protocol's declared limit when null.</summary>
    public int? MaxFrameLength { get; set; }

    /// <summary>TLS 1.2+ under the protocol (the server's certificate validated); plaintext when null.</summary>
    public ClientTlsOptions? Tls { get; set; }

    /// <summary>How long the TLS handshake may take (10 s by default).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many unsolicited messages wait to be read before the client stops reading the connection (1024 by default).</summary>
    public int UnsolicitedCapacity { get; set; } = 1024;
}
