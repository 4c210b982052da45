using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Sockets;

/// <summary>
/// An unconnected UDP socket: bound to a local address, it sends to any peer (sendto) and receives from any peer
/// (recvfrom), one whole datagram at a time.
/// </summary>
public sealed class DatagramSocket : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private int _closed;

    private DatagramSocket(Socket socket, int maxDatagramSize)
    {
        _socket = socket;
        MaxDatagramSize = maxDatagramSize;
        LocalEndPoint = socket.LocalEndPoint!;
    }

    /// <summary>The bound address; the real port when port 0 was asked for.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>The largest datagram this socket sends or receives.</summary>
    public int MaxDatagramSize { get; }

    /// <summary>The socket itself, for options this type does not cover. Do not dispose it separately.</summary>
    public Socket Socket => _socket;

    /// <summary>Binds a UDP socket to <paramref name="localEndPoint"/> (port 0 for any free port; <see cref="IPAddress.IPv6Any"/> for dual-stack).</summary>
    /// <exception cref="SocketException">Binding failed, for example <see cref="SocketError.AddressAlreadyInUse"/>; the message names the endpoint.</exception>
    public static DatagramSocket Bind(IPEndPoint localEndPoint, DatagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        options ??= new DatagramOptions();
        var socket = Datagrams.Create(localEndPoint.AddressFamily, options, localEndPoint.Address);
        try
        {
            socket.Bind(localEndPoint);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? SocketErrors.AddressInUse(localEndPoint, ex)
                : SocketErrors.WithEndPoint(ex, "Binding", localEndPoint);
        }

        return new DatagramSocket(socket, Datagrams.Limit(localEndPoint.AddressFamily, options));
    }

    /// <summary>Sends one datagram to <paramref name="remoteEndPoint"/> (an IP endpoint; host names are resolved first, the first address used).</summary>
    /// <exception cref="ArgumentException">The datagram is larger than <see cref="MaxDatagramSize"/>.</exception>
    public async ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (remoteEndPoint is not (IPEndPoint { Port: > 0 } or DnsEndPoint { Port: > 0 }))
        {
            throw new ArgumentException($"A UDP peer is an IPEndPoint or DnsEndPoint with a port from 1 to 65535, not {SocketErrors.Describe(remoteEndPoint)}.", nameof(remoteEndPoint));
        }

        ThrowIfClosed();
        Datagrams.CheckSize(datagram.Length, MaxDatagramSize, nameof(datagram));
        var target = remoteEndPoint is DnsEndPoint dns ? await ResolveAsync(dns, cancellationToken).ConfigureAwait(false) : remoteEndPoint;
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Sending a datagram to", target);
        }
    }

    /// <summary>Receives one datagram from any peer.</summary>
    /// <exception cref="InvalidDataException">The datagram was longer than <paramref name="buffer"/> and was truncated.</exception>
    public async ValueTask<DatagramReceiveResult> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Datagrams.CheckReceiveBuffer(buffer, nameof(buffer));
        ThrowIfClosed();
        var (length, from) = await Datagrams.ReceiveAsync(_socket, buffer, Datagrams.AnyAddress(_socket.AddressFamily), LocalEndPoint, cancellationToken).ConfigureAwait(false);
        return new DatagramReceiveResult(length, from);
    }

    /// <summary>Closes the socket. Closing twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Closes the socket. Closing twice is harmless.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private async ValueTask<EndPoint> ResolveAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        // An IPv4-only socket cannot send to an IPv6 address, and vice versa: ask only for what this socket can reach.
        var family = _socket.AddressFamily == AddressFamily.InterNetworkV6 && _socket.DualMode ? AddressFamily.Unspecified : _socket.AddressFamily;
        var endPoints = await AddressResolver.ResolveEndPointsAsync(endPoint.Host, endPoint.Port, family, cancellationToken).ConfigureAwait(false);
        return endPoints[0];
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw new ObjectDisposedException(nameof(DatagramSocket), $"The UDP socket on {SocketErrors.Describe(LocalEndPoint)} is closed.");
        }
    }
}
