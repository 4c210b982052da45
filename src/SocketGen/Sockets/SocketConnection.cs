using System.Net;
using System.Net.Sockets;

namespace SocketGen.Sockets;

/// <summary>
/// A connected stream socket (TCP or Unix domain), as returned by connect() or accept(): it can send, receive,
/// shut down and close. It has no Bind, Listen, Accept or Connect: a connection cannot become anything else.
/// </summary>
public sealed class SocketConnection : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private int _closed;

    internal SocketConnection(Socket socket, EndPoint? knownLocal = null, EndPoint? knownRemote = null)
    {
        _socket = socket;
        // Captured once: the OS forgets them after close, and Unix peers are often unnamed.
        LocalEndPoint = socket.LocalEndPoint ?? knownLocal ?? new IPEndPoint(IPAddress.None, 0);
        RemoteEndPoint = RemoteOrNull(socket) ?? knownRemote ?? new IPEndPoint(IPAddress.None, 0);
    }

    /// <summary>
    /// Wraps a socket that is already connected (a stream socket from elsewhere, or one half of a socket pair).
    /// The connection owns it from now on.
    /// </summary>
    /// <exception cref="ArgumentException">The socket is not a connected stream socket.</exception>
    public static SocketConnection FromConnectedSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream || !socket.Connected)
        {
            throw new ArgumentException($"Only a connected stream socket can become a connection; this is a {socket.SocketType} socket, {(socket.Connected ? "connected" : "not connected")}.", nameof(socket));
        }

        return new SocketConnection(socket);
    }

    /// <summary>The socket itself, for transports that drive it directly (the RPC engine's framed connections). Do not dispose it separately.</summary>
    public Socket Socket => _socket;

    /// <summary>This end's address (getsockname).</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>The peer's address (getpeername).</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Whether <see cref="Dispose"/> or <see cref="DisposeAsync"/> has closed the connection.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Sends all of <paramref name="buffer"/>, looping over partial sends.</summary>
    /// <exception cref="SocketException">The connection failed; the message names the peer.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed(SocketOperation.Send);
        // Fast path: a send the kernel takes whole at once completes without an async state machine.
        var pending = _socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            int sent = pending.Result; // a ValueTask is consumed once: keep the count, never await it again
            return sent == buffer.Length ? default : SendRemainingAsync(new ValueTask<int>(sent), buffer, cancellationToken);
        }

        return SendRemainingAsync(pending, buffer, cancellationToken);
    }

    /// <summary>Receives whatever is available, up to the buffer's length.</summary>
    /// <returns>The number of bytes received; 0 when the peer has shut down its sending side.</returns>
    /// <exception cref="SocketException">The connection failed; the message names the peer.</exception>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed(SocketOperation.Receive);
        var pending = _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return pending.IsCompletedSuccessfully ? pending : AwaitReceiveAsync(pending);
    }

    /// <summary>Receives exactly <c>buffer.Length</c> bytes.</summary>
    /// <exception cref="EndOfStreamException">The peer closed before the buffer was full.</exception>
    public async ValueTask ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => await ReceiveAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: true, cancellationToken).ConfigureAwait(false);

    /// <summary>Receives until at least <paramref name="minimumBytes"/> bytes are in <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Where the bytes go; more than the minimum may arrive, up to its length.</param>
    /// <param name="minimumBytes">How many bytes to wait for; at most <c>buffer.Length</c>.</param>
    /// <param name="throwOnEndOfStream">Whether an early end of stream throws, or returns the short count.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The number of bytes received.</returns>
    /// <exception cref="EndOfStreamException">The peer closed early and <paramref name="throwOnEndOfStream"/> is true.</exception>
    public async ValueTask<int> ReceiveAtLeastAsync(Memory<byte> buffer, int minimumBytes, bool throwOnEndOfStream = true, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumBytes, buffer.Length);
        int total = 0;
        while (total < minimumBytes)
        {
            int received = await ReceiveAsync(buffer.Slice(total), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                if (throwOnEndOfStream)
                {
                    throw new EndOfStreamException(
                        $"{SocketErrors.Describe(RemoteEndPoint)} closed the connection after {total} of {minimumBytes} expected bytes.");
                }

                break;
            }

            total += received;
        }

        return total;
    }

    /// <summary>Shuts down sending, receiving or both (shutdown(2)); the connection stays open until closed.</summary>
    public void Shutdown(SocketShutdown how)
    {
        if (how is not (SocketShutdown.Send or SocketShutdown.Receive or SocketShutdown.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(how), how, "Shut down Send, Receive or Both.");
        }

        ThrowIfClosed(SocketOperation.Shutdown);
        try
        {
            _socket.Shutdown(how);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NotConnected)
        {
            // The peer already reset the connection: nothing is left to shut down.
        }
    }

    /// <summary>Closes the connection and releases the descriptor. Closing twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Closes the connection and releases the descriptor. Closing twice is harmless.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <inheritdoc />
    public override string ToString() => $"{SocketErrors.Describe(LocalEndPoint)} -> {SocketErrors.Describe(RemoteEndPoint)}";

    private void ThrowIfClosed(SocketOperation operation)
    {
        var state = IsClosed ? SocketState.Closed : SocketState.Connected;
        if (SocketLifecycle.Check(state, operation) == SocketMisuse.UseAfterClose)
        {
            throw new ObjectDisposedException(nameof(SocketConnection), $"The connection {this} is closed.");
        }
    }

    private async ValueTask SendRemainingAsync(ValueTask<int> pending, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                buffer = buffer.Slice(await pending.ConfigureAwait(false));
                if (buffer.IsEmpty)
                {
                    return;
                }

                pending = _socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
            }
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Sending to", RemoteEndPoint);
        }
    }

    private async ValueTask<int> AwaitReceiveAsync(ValueTask<int> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Receiving from", RemoteEndPoint);
        }
    }

    private static EndPoint? RemoteOrNull(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            // ENOTCONN: the peer reset before we asked.
            return null;
        }
    }
}
