using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketGen.Bench.Servers;

namespace SocketGen.Bench.Peers;

/// <summary>
/// The ASP.NET Core server both gRPC rows run in (Grpc.AspNetCore, and protobuf-net.Grpc on top of it):
/// Kestrel on loopback, HTTP/2 only over cleartext (h2c, as a client that knows the server speaks HTTP/2
/// connects), tuned the way the gRPC for .NET performance guidance says for this load.
/// </summary>
internal static class GrpcHost
{
    /// <summary>
    /// HTTP/2 flow-control windows. Kestrel's defaults (1 MiB per connection, 768 KiB per stream) would hold a
    /// connection's four 256 KiB Echo calls to one window; 4 MiB and 1 MiB let them all flow, as the
    /// guidance suggests for large messages. The client's stream window is raised to match (<see cref="GrpcChannels"/>).
    /// </summary>
    public const int ConnectionWindowSize = 4 * 1024 * 1024;

    /// <inheritdoc cref="ConnectionWindowSize"/>
    public const int StreamWindowSize = 1024 * 1024;

    /// <summary>Starts the server with <paramref name="addServices"/>'s gRPC services and <paramref name="mapServices"/>'s endpoints.</summary>
    public static Task<WebAppServer> StartAsync(Action<IServiceCollection> addServices, Action<WebApplication> mapServices)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();

        // No logging providers: a production gRPC server logs warnings, not a line per request, and the
        // other servers here log nothing either.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.Http2.InitialConnectionWindowSize = ConnectionWindowSize;
            options.Limits.Http2.InitialStreamWindowSize = StreamWindowSize;
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        addServices(builder.Services);
        WebApplication app = builder.Build();
        mapServices(app);
        return WebAppServer.StartAsync(app);
    }
}
