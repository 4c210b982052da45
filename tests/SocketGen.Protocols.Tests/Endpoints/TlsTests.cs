using System.Net;
using System.Net.Sockets;
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

    [Fact]
    public async Task A_plaintext_client_of_a_TLS_protocol_server_is_closed_without_a_byte_even_when_it_sends_SocketGens_preface()
    {
        using var certificate = SelfSigned();
        var logger = new CapturingLogger();
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (line, connection) =>
        {
            connection.Write(line);
            return default;
        }, new ProtocolServerOptions { Tls = new ServerTlsOptions { ServerCertificate = certificate }, Logger = logger });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // SocketGen's RPC preface starts "SGRP": a SocketGen server would answer it with a SocketGen error frame; a
        // protocol server speaks only its own protocol, and here that protocol is under TLS.
        foreach (byte[] plaintext in new[] { "SGRP\u0001\0\0\0\0\0\0\0\0\0\0\0"u8.ToArray(), "hello\n"u8.ToArray() })
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(server.LocalEndPoint, timeout.Token);
            await client.SendAsync(plaintext, SocketFlags.None, timeout.Token);
            Assert.Equal(0, await BytesUntilClosedAsync(client, timeout.Token));
            await logger.WaitForAsync($"did not start a TLS handshake (first byte 0x{plaintext[0]:X2})");
        }
    }

    /// <summary>Everything the server sends before it closes the connection (a reset ends it too).</summary>
    private static async Task<int> BytesUntilClosedAsync(Socket socket, CancellationToken cancellationToken)
    {
        int total = 0;
        var buffer = new byte[256];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return total;
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
