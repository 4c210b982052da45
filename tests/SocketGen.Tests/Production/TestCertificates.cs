using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocketGen.Tests.Production;

/// <summary>Throwaway certificates made at run time: a private root, and leaves it signs. No key ever touches the disk.</summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates(string rootName = "SocketGen Test Root")
    {
        Root = CreateRoot(rootName);
        Server = CreateLeaf(Root, "localhost", serverAuth: true);
        Client = CreateLeaf(Root, "test-client", serverAuth: false);
    }

    public X509Certificate2 Root { get; }

    /// <summary>Valid for "localhost" and 127.0.0.1, signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A client-authentication certificate signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Client { get; }

    public static X509Certificate2 CreateRoot(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static X509Certificate2 CreateLeaf(X509Certificate2 issuer, string name, bool serverAuth, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([serverAuth ? s_serverAuth : s_clientAuth], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        DateTimeOffset from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        DateTimeOffset to = notAfter ?? DateTimeOffset.UtcNow.AddDays(7);
        byte[] serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using X509Certificate2 publicOnly = request.Create(issuer, from, to, serial);
        return publicOnly.CopyWithPrivateKey(key);
    }

    public SocketServerOptions ServerOptions(SocketGen.Security.ClientCertificateMode mode = SocketGen.Security.ClientCertificateMode.NoCertificate)
    {
        var tls = new SocketGen.Security.ServerTlsOptions { ServerCertificate = Server, ClientCertificateMode = mode };
        tls.TrustedClientCertificateAuthorities.Add(Root);
        return new SocketServerOptions { Tls = tls, HandshakeTimeout = TimeSpan.FromSeconds(5) };
    }

    public SocketClientOptions ClientOptions(X509Certificate2? clientCertificate = null, string? targetHost = "localhost")
    {
        var tls = new SocketGen.Security.ClientTlsOptions { TargetHost = targetHost, ClientCertificate = clientCertificate };
        tls.TrustedRootCertificates.Add(Root);
        return new SocketClientOptions { Tls = tls, HandshakeTimeout = TimeSpan.FromSeconds(5) };
    }

    public void Dispose()
    {
        Root.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
