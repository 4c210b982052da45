using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Security;

/// <summary>
/// TLS for a server: the server certificate (or a selector for SNI), and how client certificates are asked
/// for and validated. TLS 1.2 and 1.3 only; TLS is negotiated before the SocketGen preface.
/// </summary>
public sealed class ServerTlsOptions
{
    /// <summary>The certificate, with its private key, the server presents to every client.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// Chooses the server certificate from the host name the client asked for (SNI; null when it sent none).
    /// Takes precedence over <see cref="ServerCertificate"/>. Returning null fails the handshake.
    /// </summary>
    public Func<string?, X509Certificate2?>? ServerCertificateSelector { get; set; }

    /// <summary>Whether clients are asked for a certificate (default <see cref="ClientCertificateMode.NoCertificate"/>).</summary>
    public ClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>
    /// The certificate authorities client certificates must chain to. When empty, the system's trust store is
    /// used. Setting it trusts these roots only, which is what a private mutual-TLS deployment wants.
    /// </summary>
    public X509Certificate2Collection TrustedClientCertificateAuthorities { get; } = new();

    /// <summary>Whether client certificates are checked for revocation online (default false).</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>
    /// Replaces the default client-certificate validation, which accepts a certificate only when its chain
    /// and dates are valid (<see cref="SslPolicyErrors.None"/>) and a missing certificate only when
    /// <see cref="ClientCertificateMode"/> allows it. The callback sees the policy errors the default found.
    /// </summary>
    public RemoteCertificateValidationCallback? ClientCertificateValidation { get; set; }

    /// <summary>Throws when the options cannot work.</summary>
    internal void Validate()
    {
        if (ServerCertificate is null && ServerCertificateSelector is null)
        {
            throw new InvalidOperationException("TLS is configured without a server certificate: set ServerTlsOptions.ServerCertificate or ServerCertificateSelector.");
        }

        if (ServerCertificate is { HasPrivateKey: false })
        {
            throw new InvalidOperationException($"The server certificate '{ServerCertificate.Subject}' has no private key; a TLS server needs it.");
        }
    }
}
