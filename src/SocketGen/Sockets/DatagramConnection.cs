using System.Net;
using System.Net.Sockets;
using SocketGen.Addressing;

namespace SocketGen.Sockets;

/// <summary>
/// A connected UDP socket: connect() only remembers the peer, so send and receive need no address, datagrams from
/// anyone else are dropped by the kernel, and an ICMP "port unreachable" surfaces as ConnectionRefused.
/// </summary>
public sealed class DatagramConnection : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private int _closed;

    private DatagramConnection(Socket socket, int maxDatagramSize)
    {
        _socket = socket;
        MaxDatagramSize = maxDatagramSize;
        LocalEndPoint = socket.LocalEndPoint!;
        RemoteEndPoint = socket.RemoteEndPoint!;
    }

    /// <summary>This end's address.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>The one peer this socket exchanges datagrams with.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>The largest datagram this socket sends or receives.</summary>
    public int MaxDatagramSize { get; }

    /// <summary>The socket itself, for options this type does not cover. Do not dispose it separately.</summary>
    public Socket Socket => _socket;

    /// <summary>Creates a UDP socket connected to <paramref name="remoteEndPoint"/> (an IP endpoint, or a host name: its first address).</summary>
    /// <param name="remoteEndPoint">The peer.</param>
    /// <param name="options">Size limit and socket options; null for the defaults.</param>
    /// <param name="localEndPoint">An address to bind first, or null for an ephemeral port.</param>
    /// <param name="cancellationToken">Cancels resolution.</param>
    /// <returns>The connected socket.</returns>
    public static async ValueTask<DatagramConnection> ConnectAsync(EndPoint remoteEndPoint, DatagramOptions? options = null, IPEndPoint? localEndPoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        options ??= new DatagramOptions();
        IPEndPoint remote = remoteEndPoint switch
        {
            IPEndPoint ip => ip,
            DnsEndPoint dns => (await AddressResolver.ResolveEndPointsAsync(dns.Host, dns.Port, dns.AddressFamily, cancellationToken).ConfigureAwait(false))[0],
            _ => throw new ArgumentException($"A UDP peer is an IPEndPoint or a DnsEndPoint, not a {remoteEndPoint.GetType().Name}.", nameof(remoteEndPoint)),
        };
        if (remote.Port == 0)
        {
            throw new ArgumentException("A UDP peer needs a port from 1 to 65535.", nameof(remoteEndPoint));
        }

        var family = localEndPoint?.AddressFamily ?? remote.AddressFamily;
        var socket = Datagrams.Create(family, options, localEndPoint?.Address);
        try
        {
            if (localEndPoint is not null)
            {
                socket.Bind(localEndPoint);
            }

            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new DatagramConnection(socket, Datagrams.Limit(remote.AddressFamily, options));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.WithEndPoint(ex, "Connecting a UDP socket to", remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one datagram to the peer.</summary>
    /// <exception cref="ArgumentException">The datagram is larger than <see cref="MaxDatagramSize"/>.</exception>
    /// <exception cref="SocketException">For example ConnectionRefused, when an earlier datagram met a closed port.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        Datagrams.CheckSize(datagram.Length, MaxDatagramSize, nameof(datagram));
        try
        {
            await _socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Sending a datagram to", RemoteEndPoint);
        }
    }

    /// <summary>Receives one datagram from the peer.</summary>
    /// <returns>The datagram's length.</returns>
    /// <exception cref="InvalidDataException">The datagram was longer than <paramref name="buffer"/> and was truncated.</exception>
    /// <exception cref="SocketException">For example ConnectionRefused, when a datagram met a closed port.</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Datagrams.CheckReceiveBuffer(buffer, nameof(buffer));
        ThrowIfClosed();
        var (length, _) = await Datagrams.ReceiveAsync(_socket, buffer, Datagrams.AnyAddress(_socket.AddressFamily), RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        return length;
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

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw new ObjectDisposedException(nameof(DatagramConnection), $"The UDP socket connected to {SocketErrors.Describe(RemoteEndPoint)} is closed.");
        }
    }
}
