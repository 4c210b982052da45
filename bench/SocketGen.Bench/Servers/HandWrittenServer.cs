using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SocketGen.Bench.Servers;

/// <summary>
/// The server a careful user writes with System.Net.Sockets alone: async accept, one read loop per
/// connection, buffers rented from the shared pool, every frame of one read answered into one buffer and
/// sent with one send.
/// </summary>
internal sealed class HandWrittenServer : IBenchServer
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private HandWrittenServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static HandWrittenServer Start()
    {
        return new HandWrittenServer(LoopbackListener.Open());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            socket.NoDelay = true;
            _ = ServeConnectionAsync(socket);
        }
    }

    private static async Task ServeConnectionAsync(Socket socket)
    {
        byte[] input = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        byte[] output = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        int filled = 0;
        bool prefaceDone = false;
        try
        {
            while (true)
            {
                int received = await socket.ReceiveAsync(input.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }

                filled += received;
                int consumed = 0;
                int outputLength = 0;
                if (!prefaceDone)
                {
                    int state = BenchWire.CheckPreface(input.AsSpan(0, Math.Min(filled, BenchWire.PrefaceSize)));
                    if (state < 0)
                    {
                        return;
                    }

                    if (state > 0)
                    {
                        prefaceDone = true;
                        consumed = BenchWire.PrefaceSize;
                        BenchWire.Preface.CopyTo(output);
                        outputLength = BenchWire.PrefaceSize;
                    }
                }

                int needed = 0;
                while (prefaceDone && filled - consumed >= BenchWire.HeaderSize)
                {
                    BenchWire.ReadRequestHeader(input.AsSpan(consumed, BenchWire.HeaderSize), out uint callId, out uint methodId, out int payloadLength);
                    int frameLength = BenchWire.HeaderSize + payloadLength;
                    if (filled - consumed < frameLength)
                    {
                        needed = frameLength;
                        break;
                    }

                    ReadOnlySpan<byte> payload = input.AsSpan(consumed + BenchWire.HeaderSize, payloadLength);
                    int responseLength = BenchWire.HeaderSize + (methodId == BenchWire.AddMethodId ? 4 : payloadLength);
                    if (output.Length - outputLength < responseLength)
                    {
                        output = Grow(output, outputLength, outputLength + responseLength);
                    }

                    Span<byte> response = output.AsSpan(outputLength, responseLength);
                    if (methodId == BenchWire.AddMethodId && payloadLength == 8)
                    {
                        int sum = unchecked(BinaryPrimitives.ReadInt32BigEndian(payload) + BinaryPrimitives.ReadInt32BigEndian(payload[4..]));
                        BenchWire.WriteResponseHeader(response, callId, methodId, 4);
                        BinaryPrimitives.WriteInt32BigEndian(response[BenchWire.HeaderSize..], sum);
                    }
                    else if (methodId == BenchWire.EchoMethodId)
                    {
                        BenchWire.ValidateEchoPayload(payload, payloadLength);
                        BenchWire.WriteResponseHeader(response, callId, methodId, payloadLength);
                        payload.CopyTo(response[BenchWire.HeaderSize..]);
                    }
                    else
                    {
                        return;
                    }

                    outputLength += responseLength;
                    consumed += frameLength;
                }

                if (outputLength > 0)
                {
                    int sent = 0;
                    while (sent < outputLength)
                    {
                        sent += await socket.SendAsync(output.AsMemory(sent, outputLength - sent), SocketFlags.None).ConfigureAwait(false);
                    }
                }

                // Keep the unfinished frame at the front, and make room for all of it.
                input.AsSpan(consumed, filled - consumed).CopyTo(input);
                filled -= consumed;
                if (needed > input.Length || filled == input.Length)
                {
                    input = Grow(input, filled, Math.Max(needed, input.Length * 2));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away or broke the protocol: drop the connection.
        }
        finally
        {
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static byte[] Grow(byte[] buffer, int keep, int atLeast)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(atLeast, buffer.Length * 2));
        buffer.AsSpan(0, keep).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
