using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Tests.Production;

/// <summary>A plaintext socket that speaks the wire format by hand, for tests of what the server sends back.</summary>
internal sealed class RawConnection : IDisposable
{
    private RawConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<RawConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        return new RawConnection(socket);
    }

    /// <summary>Speaks the wire format by hand over an accepted socket (a hand-made server).</summary>
    public static RawConnection Over(Socket socket) => new(socket);

    /// <summary>A preface announcing version 1.<paramref name="minor"/> with the capability byte <paramref name="capabilities"/>.</summary>
    public static byte[] Preface(byte minor, byte capabilities = 0) => [0x53, 0x47, 0x52, 0x50, 1, minor, capabilities, 0];

    public static byte[] Preface()
    {
        byte[] preface = new byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface);
        return preface;
    }

    public static byte[] Frame(FrameType type, uint callId, uint methodId, ReadOnlySpan<byte> payload, int? declaredLength = null)
    {
        byte[] frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(type, FrameFlags.None, callId, methodId, payload.Length).Write(frame);
        if (declaredLength is int declared)
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), (uint)declared);
        }

        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }

    public static byte[] AddRequest(uint callId, int a, int b)
    {
        byte[] payload = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(payload, a);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), b);
        return Frame(FrameType.Request, callId, SocketGen.Tests.Rpc.CalculatorMethods.Add, payload);
    }

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => Socket.SendAsync(bytes, SocketFlags.None, cancellationToken).AsTask();

    /// <summary>Reads exactly <paramref name="count"/> bytes, or fewer when the server closes first.</summary>
    public async Task<byte[]> ReceiveAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int received = 0;
        while (received < count)
        {
            int n = await Socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                break;
            }

            received += n;
        }

        return buffer[..received];
    }

    /// <summary>Reads one frame: its header and payload; null when the server closed instead.</summary>
    public async Task<(FrameHeader Header, byte[] Payload)?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        byte[] header = await ReceiveAsync(FrameHeader.Size, cancellationToken);
        if (header.Length < FrameHeader.Size)
        {
            return null;
        }

        FrameHeader parsed = FrameHeader.Read(header, int.MaxValue);
        byte[] payload = await ReceiveAsync(parsed.PayloadLength, cancellationToken);
        return (parsed, payload);
    }

    /// <summary>Waits until the server closes the connection (a read returns 0 or fails).</summary>
    public async Task<bool> WaitForCloseAsync(CancellationToken cancellationToken)
    {
        byte[] sink = new byte[4096];
        try
        {
            while (await Socket.ReceiveAsync(sink, SocketFlags.None, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public static (RpcErrorCode Code, string Message) ReadError(byte[] payload)
    {
        var reader = new WireReader(payload);
        ErrorPayload.Read(ref reader, out RpcErrorCode code, out _, out string message, out _);
        return (code, message);
    }

    public void Dispose() => Socket.Dispose();
}
