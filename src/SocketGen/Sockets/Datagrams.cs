using System.Net;
using System.Net.Sockets;

namespace SocketGen.Sockets;

/// <summary>What UDP sockets share: creation, the datagram size limit and receiving without silent truncation.</summary>
internal static class Datagrams
{
    public static Socket Create(AddressFamily family, DatagramOptions options, IPAddress? bindAddress)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.ReuseAddress && !OperatingSystem.IsWindows())
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            if (family == AddressFamily.InterNetworkV6 && (bindAddress is null || bindAddress.Equals(IPAddress.IPv6Any)) && options.DualMode)
            {
                try
                {
                    socket.DualMode = true;
                }
                catch (SocketException)
                {
                    // IPV6_V6ONLY is fixed on this system: IPv6 only.
                }
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static int Limit(AddressFamily family, DatagramOptions options)
    {
        int protocolLimit = family == AddressFamily.InterNetworkV6 ? DatagramOptions.MaxIPv6DatagramSize : DatagramOptions.MaxIPv4DatagramSize;
        return Math.Min(options.MaxDatagramSize ?? protocolLimit, protocolLimit);
    }

    public static void CheckSize(int length, int limit, string parameterName)
    {
        if (length > limit)
        {
            throw new ArgumentException($"The datagram is {length} bytes; the limit is {limit} bytes (DatagramOptions.MaxDatagramSize and the protocol's maximum).", parameterName);
        }
    }

    public static void CheckReceiveBuffer(Memory<byte> buffer, string parameterName)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("A datagram cannot be received into an empty buffer: every datagram would be truncated.", parameterName);
        }
    }

    /// <summary>Receives one datagram; a datagram longer than the buffer is an error, not silently cut short.</summary>
    public static async ValueTask<(int Length, EndPoint From)> ReceiveAsync(Socket socket, Memory<byte> buffer, EndPoint anyAddress, EndPoint? describedAs, CancellationToken cancellationToken)
    {
        SocketReceiveMessageFromResult result;
        try
        {
            result = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, anyAddress, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw SocketErrors.WithEndPoint(ex, "Receiving a datagram from", describedAs ?? socket.LocalEndPoint);
        }

        if ((result.SocketFlags & SocketFlags.Truncated) != 0)
        {
            throw new InvalidDataException(
                $"A datagram from {SocketErrors.Describe(result.RemoteEndPoint)} was longer than the {buffer.Length}-byte buffer and was truncated; receive into a buffer of the largest datagram size.");
        }

        return (result.ReceivedBytes, result.RemoteEndPoint);
    }

    public static EndPoint AnyAddress(AddressFamily family)
        => new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
}
