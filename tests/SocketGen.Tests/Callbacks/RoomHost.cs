using System.Net;
using System.Net.Sockets;
using SocketGen.Tests.Production;

namespace SocketGen.Tests.Callbacks;

/// <summary>How the callback tests reach the server.</summary>
public enum RoomTransport
{
    Tcp,
    Unix,
    Tls,
}

/// <summary>A room server over TCP, a Unix socket or TLS, and clients connected to it; everything is closed on dispose.</summary>
public sealed class RoomHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RoomTransport _transport;
    private readonly TestCertificates? _certificates;
    private readonly string? _socketPath;
    private readonly List<RoomClient> _clients = new();

    private RoomHost(RoomTransport transport, SocketServer server, RoomService service, TestCertificates? certificates, string? socketPath)
    {
        _transport = transport;
        Server = server;
        Service = service;
        _certificates = certificates;
        _socketPath = socketPath;
    }

    public SocketServer Server { get; }

    public RoomService Service { get; }

    public static async Task<RoomHost> StartAsync(RoomTransport transport, SocketServerOptions? options = null)
    {
        options ??= new SocketServerOptions();
        TestCertificates? certificates = null;
        string? socketPath = null;
        EndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (transport == RoomTransport.Tls)
        {
            certificates = new TestCertificates();
            options.Tls = certificates.ServerOptions().Tls;
        }
        else if (transport == RoomTransport.Unix)
        {
            socketPath = Path.Combine(Path.GetTempPath(), $"sg-room-{Guid.NewGuid():N}.sock");
            endPoint = new UnixDomainSocketEndPoint(socketPath);
        }

        var service = new RoomService();
        using var timeout = new CancellationTokenSource(Timeout);
        SocketServer server = await RoomServer.StartAsync(service, endPoint, options, timeout.Token);
        return new RoomHost(transport, server, service, certificates, socketPath);
    }

    /// <summary>Options for a client of this host (TLS trust when the host uses TLS).</summary>
    public SocketClientOptions ClientOptions() => _certificates?.ClientOptions() ?? new SocketClientOptions();

    /// <summary>Connects a client; with <paramref name="member"/> it serves the room's callbacks.</summary>
    public async Task<RoomClient> ConnectAsync(IRoomMember? member = null, SocketClientOptions? options = null)
    {
        options ??= ClientOptions();
        using var timeout = new CancellationTokenSource(Timeout);
        RoomClient client = _transport == RoomTransport.Tls
            ? member is null
                ? await RoomClient.ConnectAsync("localhost", ((IPEndPoint)Server.LocalEndPoint).Port, options, timeout.Token)
                : await RoomClient.ConnectAsync("localhost", ((IPEndPoint)Server.LocalEndPoint).Port, member, options, timeout.Token)
            : member is null
                ? await RoomClient.ConnectAsync(Server.LocalEndPoint, options, timeout.Token)
                : await RoomClient.ConnectAsync(Server.LocalEndPoint, member, options, timeout.Token);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RoomClient client in _clients)
        {
            await client.DisposeAsync();
        }

        using var timeout = new CancellationTokenSource(Timeout);
        await Server.StopAsync(timeout.Token);
        _certificates?.Dispose();
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }
    }
}
