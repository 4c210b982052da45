namespace SocketGen.Connections;

/// <summary>The connection as application code sees it (<see cref="SocketConnectionContext"/>), and what the peer's preface said it can do.</summary>
internal sealed partial class FramedConnection
{
    private SocketConnectionContext? _context;
    private bool _peerServesCalls;

    /// <summary>True when the peer's preface (1.2) said it serves calls from this side: a client that registered callbacks.</summary>
    public bool PeerServesCalls => Volatile.Read(ref _peerServesCalls);

    /// <summary>The connection's context, made on first use; <paramref name="contractName"/> names the contract its calls serve.</summary>
    public SocketConnectionContext GetContext(string contractName)
    {
        SocketConnectionContext? context = Volatile.Read(ref _context);
        if (context is not null)
        {
            return context;
        }

        context = Interlocked.CompareExchange(ref _context, new SocketConnectionContext(this, contractName), null) ?? _context!;
        if (IsClosed)
        {
            // Closed while the context was being made: NotifyRoles may have run before it existed.
            context.OnClosed();
        }

        return context;
    }

    /// <summary>Reads the capability byte of the peer's preface.</summary>
    private void ReadPeerCapabilities(byte capabilities)
    {
        // A server's preface never claims to serve calls: calls from a client are what it serves anyway.
        Volatile.Write(ref _peerServesCalls, _settings.IsAccepted && _peerMinorVersion >= 2 && (capabilities & Framing.ConnectionPreface.ServesPeerCalls) != 0);
    }
}
