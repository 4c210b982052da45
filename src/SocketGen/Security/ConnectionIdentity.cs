using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Security;

/// <summary>Who is on the other end of a server connection, as established when it was accepted.</summary>
public sealed class ConnectionIdentity
{
    internal ConnectionIdentity(EndPoint? remoteEndPoint, X509Certificate2? clientCertificate, string? name, object? state)
    {
        RemoteEndPoint = remoteEndPoint;
        ClientCertificate = clientCertificate;
        Name = name;
        State = state;
    }

    /// <summary>The peer's address; null when the platform does not report one.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The certificate the client presented over TLS, already validated; null without one.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>The name the connection authenticator gave the peer; null when there is no authenticator or it gave none.</summary>
    public string? Name { get; }

    /// <summary>Whatever the connection authenticator attached (a principal, a tenant); null when it attached nothing.</summary>
    public object? State { get; }
}
