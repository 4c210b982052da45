using System.Net;
using System.Net.Sockets;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>How the end-to-end tests reach the server.</summary>
public enum Transport
{
    Tcp,
    Unix,
}

/// <summary>A generated server on loopback TCP or a Unix socket, with a generated client connected to it.</summary>
public sealed class EndToEndHost : IAsyncDisposable
{
    /// <summary>The bound on every wait in these tests; nothing may hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string? _socketPath;

    private EndToEndHost(SocketServer server, EverythingService service, EverythingServiceClient client, string? socketPath)
    {
        Server = server;
        Service = service;
        Client = client;
        _socketPath = socketPath;
    }

    public SocketServer Server { get; }

    public EverythingService Service { get; }

    public EverythingServiceClient Client { get; }

    public static async Task<EndToEndHost> StartAsync(Transport transport)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string? socketPath = null;
        EndPoint endPoint;
        if (transport == Transport.Unix)
        {
            socketPath = Path.Combine(Path.GetTempPath(), $"sg-e2e-{Guid.NewGuid():N}.sock");
            endPoint = new UnixDomainSocketEndPoint(socketPath);
        }
        else
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        }

        var service = new EverythingService();
        SocketServer server = await EverythingServiceServer.StartAsync(service, endPoint, cancellationToken: timeout.Token);
        EverythingServiceClient client = await EverythingServiceClient.ConnectAsync(server.LocalEndPoint, cancellationToken: timeout.Token);
        return new EndToEndHost(server, service, client, socketPath);
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
    }
}
