namespace SocketGen.Security;

/// <summary>Whether a TLS server asks clients for a certificate, and whether it insists on one.</summary>
public enum ClientCertificateMode
{
    /// <summary>The server does not ask for a client certificate.</summary>
    NoCertificate,

    /// <summary>The server asks for a client certificate; a client without one is still accepted, one with an invalid one is not.</summary>
    AllowCertificate,

    /// <summary>Mutual TLS: a client must present a valid certificate or the handshake fails.</summary>
    RequireCertificate,
}
