using System.Net;
using SocketGen.Health;
using SocketGen.Rpc;

namespace SocketGen.Balancing;

/// <summary>
/// One server of a balanced client: its connection (made on demand, remade with exponential backoff and
/// jitter after it fails), the client's calls in flight on it, and whether it still belongs to the resolver's
/// answer. A server that is not connected, whose connection is going away (the server sent goaway: it is
/// draining) or that vanished from the resolver gets no new calls.
/// </summary>
internal sealed class BalancedServer
{
    private readonly BalancedCalls _owner;
    private readonly object _lock = new();
    private RpcConnection? _connection;
    private Task? _connecting;
    private TimeSpan _backoff;
    private long _retryAt;
    private int _outstanding;
    private volatile bool _removed;
    private volatile ServingStatus _status = ServingStatus.Serving;

    public BalancedServer(BalancedCalls owner, EndPoint endPoint)
    {
        _owner = owner;
        EndPoint = endPoint;
        Key = endPoint.ToString() ?? "";
        _backoff = owner.ClientOptions.ReconnectBaseDelay;
    }

    public EndPoint EndPoint { get; }

    /// <summary>The end point as text, to match servers across resolutions.</summary>
    public string Key { get; }

    /// <summary>The connection when it takes new calls (connected, not going away, not reported unhealthy); null otherwise.</summary>
    public RpcConnection? ReadyConnection => !_removed && _status == ServingStatus.Serving && _connection is { IsConnected: true } connection ? connection : null;

    /// <summary>What the server last said about the client's contract (serving until asked).</summary>
    public ServingStatus Status => _status;

    public bool IsConnecting => Volatile.Read(ref _connecting) is not null;

    public int Outstanding => Volatile.Read(ref _outstanding);

    public bool IsRemoved => _removed;

    /// <summary>Why the last connect failed, for the error of a call that found no server.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Whether a connect may start now: not connected, not connecting, and the backoff has passed.</summary>
    public bool CanConnect(long now) => !_removed && _connecting is null && _connection is not { IsConnected: true } && now >= Volatile.Read(ref _retryAt);

    public void Enter() => Interlocked.Increment(ref _outstanding);

    public void Exit() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Starts connecting unless a connect is running or the backoff has not passed.</summary>
    public void StartConnecting()
    {
        lock (_lock)
        {
            if (!CanConnect(Environment.TickCount64))
            {
                return;
            }

            _connecting = ConnectAsync();
        }
    }

    /// <summary>Takes the server out of the balancer: no new calls; the connection stays for calls in flight.</summary>
    public void Remove() => _removed = true;

    public async ValueTask CloseAsync()
    {
        _removed = true;
        RpcConnection? connection;
        lock (_lock)
        {
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the server's health contract about <paramref name="contract"/>; a server that does not serve the health
    /// contract counts as serving (it has nothing to say). Returns whether the status changed.
    /// </summary>
    public async Task<bool> CheckHealthAsync(string contract, CancellationToken cancellationToken)
    {
        if (_connection is not { IsConnected: true } connection)
        {
            return false;
        }

        ServingStatus status;
        try
        {
            status = await HealthContract.CheckAsync(connection, contract, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteException)
        {
            status = ServingStatus.Serving;
        }
        catch (Exception)
        {
            return false; // no answer in time, or the connection failed (the connection sees that): keep the last answer
        }

        ServingStatus previous = _status;
        _status = status;
        return previous != status;
    }

    private async Task ConnectAsync()
    {
        await Task.Yield();
        RpcConnection? previous;
        try
        {
            _owner.CountConnectAttempt();
            RpcConnection connection = await RpcConnection.ConnectServerOfBalancerAsync(EndPoint, _owner.Resolver.HostName, _owner.ServerOptions, _owner.Stopping).ConfigureAwait(false);
            lock (_lock)
            {
                previous = _connection;
                _connection = connection;
                _backoff = _owner.ClientOptions.ReconnectBaseDelay;
                _status = ServingStatus.Serving;
                LastError = null;
            }

            if (_removed)
            {
                await CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                previous = _connection;
                _connection = null;
                LastError = ex;

                // Equal jitter, as the single-server reconnect: clients that lost the same server do not return in lockstep.
                TimeSpan wait = (_backoff / 2) + (_backoff / 2 * Random.Shared.NextDouble());
                Volatile.Write(ref _retryAt, Environment.TickCount64 + (long)wait.TotalMilliseconds);
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _owner.ClientOptions.ReconnectMaxDelay.Ticks));
            }

            _owner.OnConnectFailed(this, ex);
        }
        finally
        {
            lock (_lock)
            {
                _connecting = null;
            }

            _owner.OnServerChanged();
        }

        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }
    }
}
