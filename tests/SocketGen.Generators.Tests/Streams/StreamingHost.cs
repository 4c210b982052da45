using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SocketGen.Security;

namespace SocketGen.Generators.Tests.Streams;

/// <summary>How the stream tests reach the server.</summary>
public enum StreamTransport
{
    Tcp,
    Unix,
    Tls,
}

/// <summary>A generated streaming server on loopback TCP, a Unix socket or TLS over TCP, and a generated client of it.</summary>
public sealed class StreamingHost : IAsyncDisposable
{
    /// <summary>The bound on every wait in these tests; nothing may hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string? _socketPath;
    private readonly X509Certificate2? _certificate;

    private StreamingHost(SocketServer server, StreamingService service, StreamingServiceClient client, string? socketPath, X509Certificate2? certificate, SocketClientOptions clientOptions)
    {
        Server = server;
        Service = service;
        Client = client;
        _socketPath = socketPath;
        _certificate = certificate;
        ClientOptions = clientOptions;
    }

    public SocketServer Server { get; }

    public StreamingService Service { get; }

    public StreamingServiceClient Client { get; }

    public SocketClientOptions ClientOptions { get; }

    public static async Task<StreamingHost> StartAsync(StreamTransport transport, SocketServerOptions? serverOptions = null, SocketClientOptions? clientOptions = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        serverOptions ??= new SocketServerOptions();
        clientOptions ??= new SocketClientOptions();
        string? socketPath = null;
        X509Certificate2? certificate = null;
        EndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (transport == StreamTransport.Unix)
        {
            socketPath = Path.Combine(Path.GetTempPath(), $"sg-streams-{Guid.NewGuid():N}.sock");
            endPoint = new UnixDomainSocketEndPoint(socketPath);
        }
        else if (transport == StreamTransport.Tls)
        {
            certificate = SelfSignedLocalhost();
            serverOptions.Tls = new ServerTlsOptions { ServerCertificate = certificate };
            string thumbprint = certificate.Thumbprint;
            clientOptions.Tls = new ClientTlsOptions
            {
                TargetHost = "localhost",
                ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == thumbprint,
            };
        }

        var service = new StreamingService();
        SocketServer server = await StreamingServiceServer.StartAsync(service, endPoint, serverOptions, timeout.Token);
        StreamingServiceClient client = await StreamingServiceClient.ConnectAsync(server.LocalEndPoint, clientOptions, timeout.Token);
        return new StreamingHost(server, service, client, socketPath, certificate, clientOptions);
    }

    /// <summary>Another client of the same server.</summary>
    public async Task<StreamingServiceClient> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await StreamingServiceClient.ConnectAsync(Server.LocalEndPoint, ClientOptions, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await Server.StopAsync(timeout.Token);
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }

        _certificate?.Dispose();
    }

    /// <summary>A throwaway certificate for "localhost", trusted by the test client by its thumbprint alone.</summary>
    private static X509Certificate2 SelfSignedLocalhost()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
