using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SocketGen.Rpc;
using SocketGen.Security;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Calls_round_trip_over_tls()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(_certificates.ServerOptions());
        await using CalculatorClient client = await host.ConnectAsync(_certificates.ClientOptions());

        Assert.Equal(5, await client.AddAsync(2, 3));
        Assert.Equal("grüße, 世界", await client.EchoAsync("grüße, 世界"));
        byte[] large = new byte[300_000];
        Random.Shared.NextBytes(large);
        Assert.Equal(large, await client.EchoBytesAsync(large));
        var items = new List<int>();
        await foreach (int item in client.CountAsync(100, TestTimeout.Token()))
        {
            items.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 100), items);
    }

    [Fact]
    public async Task Tls_negotiates_version_1_2_or_later_and_the_authenticator_sees_it()
    {
        SslProtocols seen = SslProtocols.None;
        SocketServerOptions options = _certificates.ServerOptions();
        options.ConnectionAuthenticator = (context, _) =>
        {
            seen = context.TlsProtocol;
            return ValueTask.FromResult(ConnectionAuthenticationResult.Accept());
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        await using CalculatorClient client = await host.ConnectAsync(_certificates.ClientOptions());

        Assert.Equal(7, await client.AddAsync(3, 4));
        Assert.True(seen is SslProtocols.Tls12 or SslProtocols.Tls13, $"negotiated {seen}");
    }

    [Fact]
    public async Task A_server_certificate_selector_gets_the_sni_host_name()
    {
        var asked = new List<string?>();
        var tls = new ServerTlsOptions
        {
            ServerCertificateSelector = name =>
            {
                lock (asked)
                {
                    asked.Add(name);
                }

                return name == "localhost" ? _certificates.Server : null;
            },
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { Tls = tls });
        await using CalculatorClient client = await host.ConnectAsync(_certificates.ClientOptions(targetHost: "localhost"));

        Assert.Equal(3, await client.AddAsync(1, 2));
        Assert.Contains("localhost", asked);
    }

    [Fact]
    public async Task Mutual_tls_accepts_a_client_certificate_from_a_trusted_authority()
    {
        string? subject = null;
        SocketServerOptions options = _certificates.ServerOptions(ClientCertificateMode.RequireCertificate);
        options.ConnectionAuthenticator = (context, _) =>
        {
            subject = context.ClientCertificate?.Subject;
            return ValueTask.FromResult(ConnectionAuthenticationResult.Accept(context.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false)));
        };
        string? caller = null;
        options.CallAuthorizer = context =>
        {
            caller = context.Connection.Name;
            return CallAuthorizationResult.Allow;
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        await using CalculatorClient client = await host.ConnectAsync(_certificates.ClientOptions(_certificates.Client));

        Assert.Equal(10, await client.AddAsync(4, 6));
        Assert.Equal("CN=test-client", subject);
        Assert.Equal("test-client", caller);
    }

    [Fact]
    public async Task Mutual_tls_rejects_a_client_without_a_certificate_and_logs_why()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(_certificates.ServerOptions(ClientCertificateMode.RequireCertificate));

        await AssertConnectFailsAsync(host, _certificates.ClientOptions());
        LogEntry close = await WaitForCloseAsync(host, SecurityCloseReason.TlsHandshakeFailed);
        Assert.Contains("presented no certificate", close.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_tls_rejects_a_client_certificate_from_an_untrusted_authority()
    {
        using X509Certificate2 otherRoot = TestCertificates.CreateRoot("Somebody Else's Root");
        using X509Certificate2 stranger = TestCertificates.CreateLeaf(otherRoot, "stranger", serverAuth: false);
        await using RpcTestHost host = await RpcTestHost.StartAsync(_certificates.ServerOptions(ClientCertificateMode.RequireCertificate));

        await AssertConnectFailsAsync(host, _certificates.ClientOptions(stranger));
        LogEntry close = await WaitForCloseAsync(host, SecurityCloseReason.TlsHandshakeFailed);
        Assert.Contains("(untrusted)", close.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_validation_hook_replaces_the_default()
    {
        using X509Certificate2 otherRoot = TestCertificates.CreateRoot("Somebody Else's Root");
        using X509Certificate2 stranger = TestCertificates.CreateLeaf(otherRoot, "stranger", serverAuth: false);
        SocketServerOptions options = _certificates.ServerOptions(ClientCertificateMode.RequireCertificate);
        string? hookSaw = null;
        options.Tls!.ClientCertificateValidation = (_, certificate, _, _) =>
        {
            hookSaw = certificate?.Subject;
            return certificate?.Subject == "CN=stranger";
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        await using CalculatorClient client = await host.ConnectAsync(_certificates.ClientOptions(stranger));

        Assert.Equal(2, await client.AddAsync(1, 1));
        Assert.Equal("CN=stranger", hookSaw);
    }

    [Fact]
    public async Task The_client_rejects_an_expired_server_certificate_and_says_so()
    {
        using X509Certificate2 expired = TestCertificates.CreateLeaf(_certificates.Root, "localhost", serverAuth: true, DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1));
        var tls = new ServerTlsOptions { ServerCertificate = expired };
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { Tls = tls });

        AuthenticationException error = await Assert.ThrowsAsync<AuthenticationException>(() => host.ConnectAsync(_certificates.ClientOptions()));
        Assert.Contains("(expired)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_rejects_an_untrusted_server_certificate_and_says_so()
    {
        using X509Certificate2 otherRoot = TestCertificates.CreateRoot("Somebody Else's Root");
        using X509Certificate2 untrusted = TestCertificates.CreateLeaf(otherRoot, "localhost", serverAuth: true);
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { Tls = new ServerTlsOptions { ServerCertificate = untrusted } });

        AuthenticationException error = await Assert.ThrowsAsync<AuthenticationException>(() => host.ConnectAsync(_certificates.ClientOptions()));
        Assert.Contains("(untrusted)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_rejects_a_server_certificate_for_another_name_and_says_so()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(_certificates.ServerOptions());

        AuthenticationException error = await Assert.ThrowsAsync<AuthenticationException>(() => host.ConnectAsync(_certificates.ClientOptions(targetHost: "db.example.internal")));
        Assert.Contains("(wrong name)", error.Message, StringComparison.Ordinal);
        Assert.Contains("db.example.internal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plaintext_client_on_a_tls_server_fails_fast_with_a_clear_error()
    {
        SocketServerOptions options = _certificates.ServerOptions();
        options.HandshakeTimeout = TimeSpan.FromSeconds(3);
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);

        var stopwatch = Stopwatch.StartNew();
        ProtocolViolationException error = await Assert.ThrowsAsync<ProtocolViolationException>(() => host.ConnectAsync(new SocketClientOptions { HandshakeTimeout = TimeSpan.FromSeconds(3) }));
        stopwatch.Stop();

        Assert.Contains("requires TLS", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        LogEntry close = await WaitForCloseAsync(host, SecurityCloseReason.TlsHandshakeFailed);
        Assert.Contains("plaintext", close.Message, StringComparison.Ordinal);
        await WaitUntilAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_tls_client_on_a_plaintext_server_fails_fast_with_a_clear_error()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(3) });
        SocketClientOptions options = _certificates.ClientOptions();
        options.HandshakeTimeout = TimeSpan.FromSeconds(3);

        var stopwatch = Stopwatch.StartNew();
        AuthenticationException error = await Assert.ThrowsAsync<AuthenticationException>(() => host.ConnectAsync(options));
        stopwatch.Stop();

        Assert.Contains("does not have TLS enabled", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        await WaitUntilAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_silent_peer_on_a_tls_server_is_closed_at_the_handshake_timeout()
    {
        SocketServerOptions options = _certificates.ServerOptions();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(500);
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());

        var stopwatch = Stopwatch.StartNew();
        Assert.True(await raw.WaitForCloseAsync(TestTimeout.Token(5)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
        await WaitForCloseAsync(host, CloseReason.HandshakeTimeout);
    }

    private static async Task AssertConnectFailsAsync(RpcTestHost host, SocketClientOptions options)
    {
        // In TLS 1.3 the client finishes its side of the handshake before the server judges its certificate,
        // so the refusal may arrive as an alert while the client waits for the preface; either way it fails.
        var stopwatch = Stopwatch.StartNew();
        Exception error = await Record.ExceptionAsync(async () => await (await host.ConnectAsync(options)).AddAsync(1, 1));
        Assert.True(error is AuthenticationException or ConnectionLostException or IOException, $"unexpected {error?.GetType()}: {error?.Message}");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    internal static async Task<LogEntry> WaitForCloseAsync(RpcTestHost host, string reason)
    {
        await WaitUntilAsync(() => host.Logger.Closes(reason).Length > 0);
        return host.Logger.Closes(reason)[0];
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "the condition did not become true within 10 seconds");
            await Task.Delay(10);
        }
    }
}
