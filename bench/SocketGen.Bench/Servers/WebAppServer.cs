using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SocketGen.Bench.Servers;

/// <summary>A started ASP.NET Core app (the Kestrel raw-TCP server, the gRPC servers) and the loopback port Kestrel bound.</summary>
internal sealed class WebAppServer : IBenchServer
{
    private readonly WebApplication _app;

    private WebAppServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts <paramref name="app"/>, which listens on one loopback endpoint with port 0, and reads the port it got.</summary>
    public static async Task<WebAppServer> StartAsync(WebApplication app)
    {
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebAppServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
