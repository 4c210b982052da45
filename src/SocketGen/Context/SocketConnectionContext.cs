using System.Collections.Concurrent;
using SocketGen.Connections;
using SocketGen.Security;

namespace SocketGen;

/// <summary>
/// One connection as the code serving its calls sees it: a stable id, who is on the other end
/// (<see cref="Identity"/>), state the application attaches (<see cref="Items"/>), and its lifetime
/// (<see cref="Closed"/>). Reach it from <see cref="SocketCallContext.Connection"/>; keep it to reach the
/// peer later (the generated <c>XServer.GetClient(connection)</c> returns the client's callbacks).
/// </summary>
public sealed class SocketConnectionContext
{
    private static long s_lastId;
    private readonly FramedConnection _connection;
    private readonly object _lock = new();
    private ConcurrentDictionary<string, object?>? _items;
    private CancellationTokenSource? _closedSource;
    private bool _closed;
    private object? _callbacks;

    internal SocketConnectionContext(FramedConnection connection, string contractName)
    {
        _connection = connection;
        ContractName = contractName;
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>A number that identifies this connection within the process; never reused.</summary>
    public long Id { get; }

    /// <summary>The contract served on the connection (namespace-qualified).</summary>
    public string ContractName { get; }

    /// <summary>
    /// Who is on the other end: its address, its TLS client certificate, and the name and state the server's
    /// connection authenticator gave it. Established before any call runs, and never taken from anything the
    /// peer sends in a call.
    /// </summary>
    public ConnectionIdentity Identity => _connection.Identity ?? throw new InvalidOperationException("The connection has not completed its handshake.");

    /// <summary>
    /// State the application keeps with the connection for its lifetime (for example the nick a client joined
    /// with). Thread-safe; dropped with the connection.
    /// </summary>
    public ConcurrentDictionary<string, object?> Items
    {
        get
        {
            ConcurrentDictionary<string, object?>? items = Volatile.Read(ref _items);
            return items ?? Interlocked.CompareExchange(ref _items, new ConcurrentDictionary<string, object?>(StringComparer.Ordinal), null) ?? _items!;
        }
    }

    /// <summary>True until the connection closes.</summary>
    public bool IsConnected => !_connection.IsClosed;

    /// <summary>
    /// Cancelled when the connection closes, for any reason (the peer left or vanished, a violation, the server
    /// stopped). Callbacks registered on it run on the thread pool, after calls to the peer have started failing.
    /// </summary>
    public CancellationToken Closed
    {
        get
        {
            lock (_lock)
            {
                return _closed ? new CancellationToken(canceled: true) : (_closedSource ??= new CancellationTokenSource()).Token;
            }
        }
    }

    /// <summary>True when the peer said in its preface that it serves calls from this side (a client that registered callbacks).</summary>
    public bool PeerServesCalls => _connection.PeerServesCalls;

    internal FramedConnection Connection => _connection;

    /// <summary>The generated callbacks proxy for this connection, made once by <paramref name="create"/>.</summary>
    internal T GetCallbacks<T>(Func<SocketConnectionContext, T> create)
        where T : class
    {
        object? existing = Volatile.Read(ref _callbacks);
        if (existing is null)
        {
            existing = Interlocked.CompareExchange(ref _callbacks, create(this), null) ?? _callbacks!;
        }

        return (T)existing;
    }

    /// <summary>The connection ended: <see cref="Closed"/> is cancelled off the caller's thread.</summary>
    internal void OnClosed()
    {
        CancellationTokenSource? source;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            source = _closedSource;
        }

        if (source is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => CancelQuietly(s), source, preferLocal: false);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"connection {Id} ({_connection.Remote})";

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // An application callback threw; the connection is gone either way.
        }
    }
}
