using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketGen.Addressing;
using SocketGen.Health;

namespace SocketGen.Hosting;

/// <summary>Starts a contract's server on every configured endpoint when the host starts, and drains it when the host stops.</summary>
internal sealed class SocketServerHostedService<TContract> : IHostedService
    where TContract : class
{
    private readonly string _name;
    private readonly TContract _implementation;
    private readonly SocketServerStarter<TContract> _start;
    private readonly IOptionsMonitor<SocketServerHostOptions> _options;
    private readonly ServerHealth _health;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<SocketServer> _servers = new();

    public SocketServerHostedService(string name, TContract implementation, SocketServerStarter<TContract> start, IOptionsMonitor<SocketServerHostOptions> options, ServerHealth health, ILoggerFactory? loggerFactory)
    {
        _health = health;
        _name = name;
        _implementation = implementation;
        _start = start;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("SocketGen.Hosting.Server");
    }

    /// <summary>The running servers, one per endpoint; empty until the host started.</summary>
    public IReadOnlyList<SocketServer> Servers => _servers;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SocketServerHostOptions options = _options.Get(_name);
        options.ApplyCertificateFiles();
        options.Server.Logger ??= _loggerFactory.CreateLogger("SocketGen.Server." + _name);
        options.Server.Health ??= _health;
        List<EndPoint> endPoints = ResolveEndPoints(options);
        try
        {
            foreach (EndPoint endPoint in endPoints)
            {
                SocketServer server = await _start(_implementation, endPoint, options.Server, cancellationToken).ConfigureAwait(false);
                _servers.Add(server);
                HostingLog.ServerStarted(_logger, _name, server.LocalEndPoint, options.Server.Tls is not null);
            }
        }
        catch
        {
            await StopServersAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HostingLog.ServerStopping(_logger, _name);

        // Readiness fails first; the delay lets probes and balancers see it before goaway refuses new calls.
        _health.Drain();
        TimeSpan notice = _options.Get(_name).DrainNoticeDelay;
        if (notice > TimeSpan.Zero)
        {
            await Task.Delay(notice, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await StopServersAsync(cancellationToken).ConfigureAwait(false);
        HostingLog.ServerStopped(_logger, _name);
    }

    private List<EndPoint> ResolveEndPoints(SocketServerHostOptions options)
    {
        var endPoints = new List<EndPoint>();
        foreach ((string value, string setting) in options.EndpointSettings)
        {
            try
            {
                endPoints.Add(EndpointAddress.Parse(value).ToEndPoint());
            }
            catch (Exception ex) when (ex is FormatException or PlatformNotSupportedException)
            {
                throw new InvalidOperationException($"The endpoint '{value}' (setting '{setting}') of server {_name} is not valid: {ex.Message}", ex);
            }
        }

        if (options.ListenOnSystemdSockets)
        {
            endPoints.AddRange(ListeningSocketEndPoint.FromSystemd());
        }

        if (endPoints.Count == 0)
        {
            throw new InvalidOperationException($"Server {_name} has no endpoint: call Listen(\"0.0.0.0:5000\") or ListenFromSystemd(), or set 'Endpoints' in its configuration section.");
        }

        return endPoints;
    }

    private async Task StopServersAsync(CancellationToken cancellationToken)
    {
        SocketServer[] servers = [.. _servers];
        _servers.Clear();
        await Task.WhenAll(Array.ConvertAll(servers, s => s.StopAsync(cancellationToken))).ConfigureAwait(false);
    }
}
