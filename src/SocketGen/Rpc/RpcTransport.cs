using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace SocketGen.Rpc;

/// <summary>
/// The seam between a connected socket and the engine. The engine reads and writes a <see cref="Stream"/>,
/// so TLS (an SslStream over this one) can slot in under the framing without touching it.
/// </summary>
internal static class RpcTransport
{
    private static readonly StreamPipeReaderOptions s_readerOptions = new(
        pool: null,
        bufferSize: 16 * 1024,
        minimumReadSize: 2 * 1024,
        leaveOpen: true,
        // Wait for data with a zero-byte read, so an idle connection holds no buffer.
        useZeroByteReads: true);

    public static Stream CreateStream(Socket socket)
    {
        if (socket.ProtocolType == ProtocolType.Tcp)
        {
            socket.NoDelay = true;
        }

        return new NetworkStream(socket, ownsSocket: false);
    }

    public static PipeReader CreateReader(Stream stream) => PipeReader.Create(stream, s_readerOptions);

    public static string Describe(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "(unknown)";
        }
        catch (ObjectDisposedException)
        {
            return "(closed)";
        }
        catch (SocketException)
        {
            return "(unknown)";
        }
    }

    public static async ValueTask<Socket> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async ValueTask<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
