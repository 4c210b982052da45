using SocketGen.Security;

namespace SocketGen;

/// <summary>The security settings of a client.</summary>
public sealed partial class SocketClientOptions
{
    /// <summary>TLS to the server; null (the default) connects in plaintext.</summary>
    public ClientTlsOptions? Tls { get; set; }
}
