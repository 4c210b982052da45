using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SocketGen.ProtocolBench.Clients;

/// <summary>
/// The baseline for the generated memcached binary client: what a careful developer writes by hand on
/// <see cref="Socket"/>. Concurrent callers share one connection (pipelined, as the generated client): each request is
/// encoded into a pooled buffer under a send lock and sent with one call, and one receive loop reads responses into a
/// pooled buffer, parses the 24-byte header in place and completes the waiting caller found by the opaque field.
/// No LINQ, no streams, no per-message buffers beyond the value handed to the caller.
/// </summary>
internal sealed class HandWrittenBinaryClient : IAsyncDisposable
{
    private const int HeaderLength = 24;
    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _sendBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private readonly Dictionary<uint, TaskCompletionSource<HandWrittenResponse>> _pending = new();
    private readonly Task _receiveLoop;
    private uint _nextOpaque;

    private HandWrittenBinaryClient(Socket socket)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public static async Task<HandWrittenBinaryClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return new HandWrittenBinaryClient(socket);
    }

    public Task<HandWrittenResponse> GetAsync(ReadOnlyMemory<byte> key) => RequestAsync(0x00, key, extras: 0, flags: 0, value: default);

    public Task<HandWrittenResponse> SetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, uint flags) => RequestAsync(0x01, key, extras: 8, flags, value);

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (Exception)
        {
            // the loop ends when the socket closes
        }

        ArrayPool<byte>.Shared.Return(_sendBuffer);
        _sendLock.Dispose();
    }

    private async Task<HandWrittenResponse> RequestAsync(byte opcode, ReadOnlyMemory<byte> key, byte extras, uint flags, ReadOnlyMemory<byte> value)
    {
        var completion = new TaskCompletionSource<HandWrittenResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        int length = HeaderLength + extras + key.Length + value.Length;
        await _sendLock.WaitAsync();
        try
        {
            Encode(opcode, key.Span, extras, flags, value.Span, length, completion);
            int sent = 0;
            while (sent < length)
            {
                sent += await _socket.SendAsync(_sendBuffer.AsMemory(sent, length - sent), SocketFlags.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }

        return await completion.Task;
    }

    private void Encode(byte opcode, ReadOnlySpan<byte> key, byte extras, uint flags, ReadOnlySpan<byte> value, int length, TaskCompletionSource<HandWrittenResponse> completion)
    {
        uint opaque = ++_nextOpaque;
        var frame = _sendBuffer.AsSpan(0, length);
        frame[0] = 0x80;
        frame[1] = opcode;
        BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)key.Length);
        frame[4] = extras;
        frame[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(frame[6..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(frame[8..], (uint)(length - HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(frame[12..], opaque);
        BinaryPrimitives.WriteUInt64BigEndian(frame[16..], 0);
        if (extras == 8)
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame[24..], flags);
            BinaryPrimitives.WriteUInt32BigEndian(frame[28..], 0);
        }

        key.CopyTo(frame[(HeaderLength + extras)..]);
        value.CopyTo(frame[(HeaderLength + extras + key.Length)..]);
        lock (_pending)
        {
            _pending.Add(opaque, completion);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        int start = 0;
        int end = 0;
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (received == 0)
                {
                    break;
                }

                end += received;
                while (end - start >= HeaderLength)
                {
                    var header = buffer.AsSpan(start, HeaderLength);
                    int bodyLength = (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
                    if (end - start < HeaderLength + bodyLength)
                    {
                        break;
                    }

                    Deliver(buffer.AsSpan(start, HeaderLength + bodyLength));
                    start += HeaderLength + bodyLength;
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                    if (end == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            FailAll();
        }
    }

    private void Deliver(ReadOnlySpan<byte> frame)
    {
        uint opaque = BinaryPrimitives.ReadUInt32BigEndian(frame[12..]);
        TaskCompletionSource<HandWrittenResponse>? completion;
        lock (_pending)
        {
            _pending.Remove(opaque, out completion);
        }

        if (completion is null)
        {
            return;
        }

        int extras = frame[4];
        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        completion.TrySetResult(new HandWrittenResponse(
            BinaryPrimitives.ReadUInt16BigEndian(frame[6..]),
            BinaryPrimitives.ReadUInt64BigEndian(frame[16..]),
            frame[(HeaderLength + extras + keyLength)..].ToArray()));
    }

    private void FailAll()
    {
        lock (_pending)
        {
            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetException(new SocketException((int)SocketError.ConnectionReset));
            }

            _pending.Clear();
        }
    }
}

/// <summary>A response: its status, CAS and value.</summary>
internal readonly record struct HandWrittenResponse(ushort Status, ulong Cas, byte[] Value);
