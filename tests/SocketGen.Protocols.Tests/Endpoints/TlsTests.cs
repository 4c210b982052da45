using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HelloInterop;
using SocketGen.Security;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>A declared protocol under TLS, on the runtime's TLS options.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_declared_protocol_runs_over_TLS_and_a_client_that_distrusts_the_certificate_is_refused()
    {
        using var certificate = SelfSigned();
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (line, connection) =>
        {
            connection.Write(new Greeting { Text = "secure " + line.Text });
            return default;
        }, new ProtocolServerOptions { Tls = new ServerTlsOptions { ServerCertificate = certificate } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var trusting = new ProtocolClientOptions
        {
            Tls = new ClientTlsOptions { TargetHost = "localhost", ServerCertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
        };
        await using (var client = await HelloProtocol.ConnectAsync(server.LocalEndPoint, trusting, timeout.Token))
        {
            Assert.Equal("secure hello", (await client.RequestAsync(new Greeting { Text = "hello" }, timeout.Token)).Text);
        }

        var distrusting = new ProtocolClientOptions { Tls = new ClientTlsOptions { TargetHost = "localhost" } };
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(async () => await HelloProtocol.ConnectAsync(server.LocalEndPoint, distrusting, timeout.Token));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
