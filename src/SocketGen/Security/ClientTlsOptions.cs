using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Security;

/// <summary>
/// TLS for a client: the name the server's certificate must carry, which roots to trust, and an optional
/// client certificate for mutual TLS. TLS 1.2 and 1.3 only; TLS is negotiated before the SocketGen preface.
/// </summary>
public sealed class ClientTlsOptions
{
    /// <summary>
    /// The host name sent for SNI and checked against the server's certificate. Null uses the host the client
    /// connected to (the address literal for an end point).
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>The certificate, with its private key, presented when the server asks for one (mutual TLS).</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// The roots the server's certificate must chain to. When empty, the system's trust store is used; setting
    /// it trusts these roots only (a private certificate authority, or a self-signed server certificate).
    /// </summary>
    public X509Certificate2Collection TrustedRootCertificates { get; } = new();

    /// <summary>Whether the server's certificate is checked for revocation online (default false).</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>
    /// Replaces the default server-certificate validation, which accepts only a certificate whose chain,
    /// dates and name are valid (<see cref="SslPolicyErrors.None"/>). The callback sees the errors found.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }
}
