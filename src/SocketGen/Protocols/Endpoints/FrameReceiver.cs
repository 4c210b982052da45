using System.Buffers;
using System.Runtime.CompilerServices;

namespace SocketGen.Protocols;

/// <summary>
/// Receives a protocol's frames from a stream into one pooled buffer: each frame is measured and handed out in
/// place, valid until the next receive. The buffer grows only as bytes arrive, and the framing refuses a frame
/// over the limit from its header, so a peer cannot make it hold more than about twice the limit.
/// </summary>
internal sealed class FrameReceiver<TProtocol, TClientMessage, TServerMessage> : IDisposable
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private readonly Stream _stream;
    private readonly bool _fromClient;
    private readonly int _maxFrameLength;
    private readonly Func<ValueTask>? _beforeWaiting;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _frameStart;
    private int _frameLength;

    /// <param name="stream">The connection.</param>
    /// <param name="fromClient">Whether the frames are a client's messages.</param>
    /// <param name="maxFrameLength">The largest frame accepted.</param>
    /// <param name="beforeWaiting">Called before waiting for bytes (a server flushes its replies there, so a batch of pipelined requests gets one send).</param>
    public FrameReceiver(Stream stream, bool fromClient, int maxFrameLength, Func<ValueTask>? beforeWaiting = null)
    {
        _stream = stream;
        _fromClient = fromClient;
        _maxFrameLength = maxFrameLength;
        _beforeWaiting = beforeWaiting;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, Math.Max(maxFrameLength, 64)));
    }

    /// <summary>The frame the last <see cref="ReceiveAsync"/> returned.</summary>
    public ReadOnlySpan<byte> Frame => _buffer.AsSpan(_frameStart, _frameLength);

    /// <summary>Receives the next frame.</summary>
    /// <returns>False when the peer closed the connection between frames.</returns>
    /// <exception cref="ConnectionLostException">The peer closed the connection inside a frame.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // it waits for the peer once per request: no box per wait
    public async ValueTask<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start)
            {
                long length = TProtocol.MeasureFrame(_buffer.AsSpan(_start, _end - _start), _fromClient, _maxFrameLength);
                if (length > 0)
                {
                    _frameStart = _start;
                    _frameLength = (int)length;
                    _start += (int)length;
                    return true;
                }
            }

            MakeRoom();
            if (_beforeWaiting is not null)
            {
                await _beforeWaiting().ConfigureAwait(false);
            }

            int received = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                if (_end > _start)
                {
                    throw new ConnectionLostException($"The peer closed the connection {_end - _start} bytes into a frame.");
                }

                return false;
            }

            _end += received;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, Array.Empty<byte>());
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
