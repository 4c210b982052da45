using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SocketGen.Connections;
using SocketGen.Rpc;
using SocketGen.Sockets;

namespace SocketGen;

/// <summary>
/// A running server for one contract: accepts connections and serves calls until stopped. Generated
/// <c>XServer</c> types start it; <see cref="StopAsync"/> stops it gracefully.
/// </summary>
public sealed partial class SocketServer : IAsyncDisposable
{
    private readonly RpcDispatcher _dispatcher;
    private readonly SocketServerOptions _options;
    private readonly ILogger? _logger;
    private readonly SocketListener _listener;
    private readonly object _lock = new();
    private readonly HashSet<FramedConnection> _connections = new();
    private readonly HashSet<Task> _connectionTasks = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly Timer? _timer;
    private readonly ConnectionSettings _connectionSettings;
    private readonly Action<FramedConnection, ConnectionClosure> _onConnectionClosed;
    private Task _acceptLoop = Task.CompletedTask;
    private Task? _stopTask;

    private SocketServer(RpcDispatcher dispatcher, SocketListener listener, SocketServerOptions options)
    {
        _dispatcher = dispatcher;
        _listener = listener;
        _options = options;
        _logger = options.Logger;
        _connectionSettings = ConnectionSettings.ForServer(options, dispatcher.ContractName);
        _onConnectionClosed = OnConnectionClosed;
        LocalEndPoint = listener.LocalEndPoint;
        TimeSpan tick = TimerPeriod(options);
        if (tick != Timeout.InfiniteTimeSpan)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = new Timer(static s => ((SocketServer)s!).OnTimer(), this, tick, tick);
            }
        }
    }

    /// <summary>The address the server listens on: the real port when port 0 was asked for.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>How many connections are open now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Binds, listens and starts accepting. Generated server types call this.</summary>
    /// <param name="dispatcher">The contract's dispatcher.</param>
    /// <param name="endPoint">Where to listen; port 0 picks a free port.</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The running server.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ValueTask<SocketServer> StartAsync(RpcDispatcher dispatcher, EndPoint endPoint, SocketServerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(endPoint);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new SocketServerOptions();
        options.Tls?.Validate();
        RpcDispatcher served = options.Health is null ? dispatcher : new ContractSetDispatcher([dispatcher, options.Health.CreateDispatcher()]);
        served = options.Interceptors.Count == 0 ? served : new Interceptors.InterceptingDispatcher(served, [.. options.Interceptors]);
        SocketListener listener = endPoint is ListeningSocketEndPoint listening
            ? listening.Take()
            : SocketListener.Start(endPoint, new SocketListenerOptions { Backlog = options.ListenBacklog, ReusePort = options.ReusePort });
        var server = new SocketServer(served, listener, options);
        server._acceptLoop = server.AcceptLoopAsync();
        return new ValueTask<SocketServer>(server);
    }

    /// <summary>
    /// Stops gracefully: stops accepting, sends goaway on every connection, lets calls in flight finish
    /// within <see cref="SocketServerOptions.DrainTimeout"/> (or until <paramref name="cancellationToken"/>
    /// fires), then cancels what is left and closes every connection.
    /// </summary>
    /// <param name="cancellationToken">Ends the drain early.</param>
    /// <returns>A task that completes when every connection is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _stopTask ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server as <see cref="StopAsync"/> does.</summary>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Closes every connection at once, as a network failure would; for tests of client recovery.</summary>
    internal void AbortAllConnections()
    {
        foreach (FramedConnection connection in SnapshotConnections())
        {
            connection.Abort(new ConnectionClosure(CloseReason.TransportError, "aborted", new ConnectionLostException("The connection was aborted."), null, abnormal: true));
        }
    }

    private void OnConnectionClosed(FramedConnection connection, ConnectionClosure closure)
    {
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }

    private static TimeSpan TimerPeriod(SocketServerOptions options)
    {
        TimeSpan shortest = Timeout.InfiniteTimeSpan;
        foreach (TimeSpan timeout in new[] { options.HandshakeTimeout, options.IdleTimeout, options.MinSendDataRate > 0 ? options.MinSendDataRateGracePeriod : Timeout.InfiniteTimeSpan })
        {
            if (timeout != Timeout.InfiniteTimeSpan && (shortest == Timeout.InfiniteTimeSpan || timeout < shortest))
            {
                shortest = timeout;
            }
        }

        if (shortest == Timeout.InfiniteTimeSpan)
        {
            return shortest;
        }

        long quarter = (long)(shortest.TotalMilliseconds / 4);
        return TimeSpan.FromMilliseconds(Math.Clamp(quarter, 10, 1000));
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stopping = _stopAccepting.Token;
        while (!stopping.IsCancellationRequested)
        {
            SocketConnection accepted;
            try
            {
                accepted = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection that died in the backlog, or a descriptor limit: keep accepting, but do not spin.
                if (_logger is not null)
                {
                    RpcLog.AcceptFailed(_logger, ex);
                }

                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            Accept(accepted);
        }
    }

    private void Accept(SocketConnection accepted)
    {
        FramedConnection connection;
        lock (_lock)
        {
            if (_connections.Count >= _options.MaxConnections)
            {
                connection = null!;
            }
            else
            {
                connection = new FramedConnection(accepted, Security.TlsNegotiation.CreateServerStream(accepted.Socket, _options), _connectionSettings, _onConnectionClosed);
                OutgoingCalls? callbacks = _dispatcher.HasCallbacks ? OutgoingCalls.ForCallbacks(connection, _options) : null;
                connection.AddRoles(callbacks, new IncomingCalls(connection, _dispatcher, _options));
                _connections.Add(connection);
            }
        }

        if (connection is null)
        {
            if (_logger is not null)
            {
                RpcLog.ConnectionClosedOnError(_logger, accepted.RemoteEndPoint.ToString() ?? "(unknown)", CloseReason.TooManyConnections, $"the server already has {_options.MaxConnections} connections", null);
            }

            accepted.Dispose();
            return;
        }

        // RunAsync returns at its first wait for bytes, so a slow or silent peer never holds up accepting.
        Task task = connection.Start();
        lock (_lock)
        {
            _connectionTasks.Add(task);
        }

        task.ContinueWith(
            static (t, s) =>
            {
                var server = (SocketServer)s!;
                lock (server._lock)
                {
                    server._connectionTasks.Remove(t);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnTimer()
    {
        long now = Environment.TickCount64;
        foreach (FramedConnection connection in SnapshotConnections())
        {
            connection.OnTimer(now);
        }
    }

    private FramedConnection[] SnapshotConnections()
    {
        lock (_lock)
        {
            return [.. _connections];
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _options.Health?.Drain(); // health checks say draining from the first moment of a stop
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        FramedConnection[] connections = SnapshotConnections();
        Task[] drains = Array.ConvertAll(connections, c => c.Incoming.BeginDrain());
        try
        {
            await Task.WhenAll(drains).WaitAsync(Timing.Timeouts.ForTimer(_options.DrainTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Drain time is up: what is still running is cancelled below.
        }

        foreach (FramedConnection connection in connections)
        {
            connection.Incoming.CancelCalls();
            connection.Abort(new ConnectionClosure(CloseReason.ServerStopped, "the server was stopped", new ConnectionLostException("The server was stopped."), null, abnormal: false), flushFirst: true);
        }

        Task[] running;
        lock (_lock)
        {
            running = [.. _connectionTasks];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _stopAccepting.Dispose();
    }
}
