using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Security;

/// <summary>What a <see cref="ConnectionAuthenticator"/> knows about a new connection.</summary>
public sealed class ConnectionAuthenticationContext
{
    internal ConnectionAuthenticationContext(string contractName, EndPoint? remoteEndPoint, EndPoint? localEndPoint, X509Certificate2? clientCertificate, SslProtocols tlsProtocol)
    {
        ContractName = contractName;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
        ClientCertificate = clientCertificate;
        TlsProtocol = tlsProtocol;
    }

    /// <summary>The contract the server serves.</summary>
    public string ContractName { get; }

    /// <summary>The peer's address; null when the platform does not report one.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The server's address on this connection.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>The validated client certificate when the client presented one over TLS; otherwise null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>The negotiated TLS version; <see cref="SslProtocols.None"/> on a plaintext connection.</summary>
    public SslProtocols TlsProtocol { get; }

    /// <summary>True when the connection is protected by TLS.</summary>
    public bool IsTls => TlsProtocol != SslProtocols.None;
}
