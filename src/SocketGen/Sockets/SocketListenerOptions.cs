namespace SocketGen.Sockets;

/// <summary>How <see cref="SocketListener.Start"/> binds and listens.</summary>
public sealed class SocketListenerOptions
{
    private int? _backlog;

    /// <summary>
    /// The accept queue length for listen(). Null (the default) asks for the OS maximum (SOMAXCONN,
    /// net.core.somaxconn on Linux), which is what a busy server wants.
    /// </summary>
    public int? Backlog
    {
        get => _backlog;
        set
        {
            if (value is int backlog)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog, nameof(Backlog));
            }

            _backlog = value;
        }
    }

    /// <summary>
    /// Sets SO_REUSEADDR before bind (default true) so a restarted server can bind while old connections sit in
    /// TIME_WAIT. It never lets two listeners share a port. Ignored on Windows, where SO_REUSEADDR means port stealing.
    /// </summary>
    public bool ReuseAddress { get; set; } = true;

    /// <summary>
    /// Sets SO_REUSEPORT before bind (default false) so that several listeners — usually one per server process —
    /// share one TCP port and the kernel spreads incoming connections over them (Linux hashes each connection's
    /// addresses and ports to one listener). Every listener on the port must set it, and on Linux they must run as
    /// the same user. Throws <see cref="PlatformNotSupportedException"/> from <see cref="SocketListener.Start"/>
    /// where the OS has no SO_REUSEPORT (Windows). Ignored for Unix sockets.
    /// </summary>
    public bool ReusePort { get; set; }

    /// <summary>
    /// For the IPv6 wildcard address (<c>[::]</c>), also accept IPv4 connections (IPV6_V6ONLY off), where the OS allows.
    /// Default true.
    /// </summary>
    public bool DualMode { get; set; } = true;

    /// <summary>Sets TCP_NODELAY on accepted TCP connections (default true): request/response traffic should not wait for Nagle.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>
    /// When a Unix socket path already exists and nothing is listening on it (a crashed server's leftover),
    /// delete it and bind (default true). A live socket, or a file that is not a socket, is never deleted.
    /// </summary>
    public bool DeleteStaleUnixSocketFile { get; set; } = true;
}
