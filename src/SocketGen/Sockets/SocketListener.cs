using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Sockets;

/// <summary>
/// A bound, listening stream socket (TCP or Unix domain): a receptionist that can only accept. It has no
/// Connect, Send or Receive; <see cref="AcceptAsync"/> hands each conversation over as a <see cref="SocketConnection"/>.
/// </summary>
public sealed class SocketListener : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly bool _noDelay;
    private int _closed;

    private SocketListener(Socket socket, bool noDelay)
    {
        _socket = socket;
        _noDelay = noDelay;
        LocalEndPoint = socket.LocalEndPoint ?? throw new InvalidOperationException("A listening socket without a local address was passed in.");
    }

    /// <summary>The bound address; the real port when port 0 was asked for.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>Whether the listener has been disposed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Binds and listens in one step: an <see cref="IPEndPoint"/> (use <see cref="IPAddress.IPv6Any"/> for dual-stack),
    /// a <see cref="DnsEndPoint"/> (bound to the first address the host resolves to), or a <see cref="UnixDomainSocketEndPoint"/>.
    /// </summary>
    /// <exception cref="SocketException">Binding failed, for example <see cref="SocketError.AddressAlreadyInUse"/>; the message names the endpoint.</exception>
    public static SocketListener Start(EndPoint endPoint, SocketListenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= new SocketListenerOptions();
        return endPoint switch
        {
            IPEndPoint ip => StartTcp(ip, options),
            DnsEndPoint dns => StartTcp(ResolveForBind(dns), options),
            UnixDomainSocketEndPoint unix => StartUnix(unix, options),
            _ => throw new ArgumentException($"Cannot listen on a {endPoint.GetType().Name}; use IPEndPoint, DnsEndPoint or UnixDomainSocketEndPoint.", nameof(endPoint)),
        };
    }

    /// <summary>
    /// Takes the listening sockets a service manager passed in (systemd's LISTEN_FDS / LISTEN_PID, descriptors
    /// from 3 on), clears those variables and keeps close-on-exec set. Empty when this process was not socket-activated.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variables are malformed, or a passed descriptor is not a listening stream socket.</exception>
    public static IReadOnlyList<SocketListener> TakeFromSystemd(SocketListenerOptions? options = null)
    {
        options ??= new SocketListenerOptions();
        var sockets = SocketActivation.TakeSockets(SocketActivation.ProcessEnvironment);
        var listeners = new SocketListener[sockets.Count];
        try
        {
            for (int i = 0; i < sockets.Count; i++)
            {
                listeners[i] = new SocketListener(sockets[i], options.NoDelay);
            }
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        return listeners;
    }

    /// <summary>Waits for the next connection and returns it (accept(2)).</summary>
    /// <exception cref="ObjectDisposedException">The listener was closed, before or during the wait.</exception>
    public async ValueTask<SocketConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ThrowIfClosed();
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue; // the client gave up while it waited in the queue; the listener is fine
            }
            catch (SocketException ex) when (IsClosed && ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                throw new ObjectDisposedException(nameof(SocketListener), $"The listener on {SocketErrors.Describe(LocalEndPoint)} was closed while accepting.");
            }
            catch (SocketException ex)
            {
                throw SocketErrors.WithEndPoint(ex, "Accepting on", LocalEndPoint);
            }

            if (_noDelay && accepted.ProtocolType == ProtocolType.Tcp)
            {
                accepted.NoDelay = true;
            }

            return new SocketConnection(accepted, knownLocal: LocalEndPoint);
        }
    }

    /// <summary>Stops listening and releases the descriptor (and the socket file it bound). Closing twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Stops listening and releases the descriptor. Closing twice is harmless.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <inheritdoc />
    public override string ToString() => "listening on " + SocketErrors.Describe(LocalEndPoint);

    private void ThrowIfClosed()
    {
        var state = IsClosed ? SocketState.Closed : SocketState.Listening;
        if (SocketLifecycle.Check(state, SocketOperation.Accept) != SocketMisuse.None)
        {
            throw new ObjectDisposedException(nameof(SocketListener), $"The listener on {SocketErrors.Describe(LocalEndPoint)} is closed.");
        }
    }

    private static IPEndPoint ResolveForBind(DnsEndPoint endPoint)
    {
        var addresses = AddressResolver.ResolvePassive(endPoint.Host, endPoint.AddressFamily);
        return new IPEndPoint(addresses[0], endPoint.Port);
    }

    private static SocketListener StartTcp(IPEndPoint endPoint, SocketListenerOptions options)
    {
        Socket socket;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Creating a socket for", endPoint); // e.g. no IPv6 in this kernel
        }

        try
        {
            if (options.ReuseAddress && !OperatingSystem.IsWindows())
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            if (options.ReusePort)
            {
                Libc.SetReusePort(socket);
            }

            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                TrySetDualMode(socket, options.DualMode);
            }

            BindAndListen(socket, endPoint, options);
            return new SocketListener(socket, options.NoDelay);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SocketListener StartUnix(UnixDomainSocketEndPoint endPoint, SocketListenerOptions options)
    {
        var path = UnixSocketPath.Of(endPoint);
        if (!path.IsAbstract)
        {
            RemoveStaleSocketFile(endPoint, path.Path, options);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            BindAndListen(socket, endPoint, options);
            return new SocketListener(socket, noDelay: false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void BindAndListen(Socket socket, EndPoint endPoint, SocketListenerOptions options)
    {
        try
        {
            socket.Bind(endPoint);
            // No backlog: .NET passes the largest value and the kernel clamps it to SOMAXCONN.
            if (options.Backlog is int backlog)
            {
                socket.Listen(backlog);
            }
            else
            {
                socket.Listen();
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw SocketErrors.AddressInUse(endPoint, ex);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Listening on", endPoint);
        }
    }

    private static void TrySetDualMode(Socket socket, bool dualMode)
    {
        try
        {
            socket.DualMode = dualMode;
        }
        catch (SocketException)
        {
            // The OS forbids changing IPV6_V6ONLY (some BSD configurations): keep its default.
        }
    }

    private static void RemoveStaleSocketFile(UnixDomainSocketEndPoint endPoint, string path, SocketListenerOptions options)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return;
        }

        // Someone answering means the path is live: never take it over.
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            try
            {
                probe.ConnectAsync(endPoint, timeout.Token).AsTask().GetAwaiter().GetResult();
                throw SocketErrors.AddressInUse(endPoint, cause: null);
            }
            catch (OperationCanceledException)
            {
                // A full accept queue: a live server that is just busy.
                throw SocketErrors.AddressInUse(endPoint, cause: null);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody listens: a stale file, or not a socket at all; decided below.
            }
            catch (SocketException)
            {
                return; // gone meanwhile, or not connectable: let bind report what is wrong
            }
        }

        if (!options.DeleteStaleUnixSocketFile)
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse,
                $"Address already in use: unix:{path} exists and nobody listens on it (a stale socket file); delete it or set DeleteStaleUnixSocketFile.");
        }

        if (Libc.IsSocketFile(path) != true)
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse,
                $"Address already in use: unix:{path} exists and is not a socket file (or its type cannot be read), so it was not deleted.");
        }

        File.Delete(path);
    }
}
