using System.Buffers;

namespace SocketGen.Streams;

/// <summary>
/// A forward-only, read-only stream over the chunks of a byte stream. Each chunk's pooled array is returned once
/// read. Its position is a 64-bit count, so streams past 4 GiB read like any other.
/// </summary>
internal sealed class ChunkReadStream : Stream
{
    private readonly IAsyncEnumerator<ByteChunk> _chunks;
    private ByteChunk _current;
    private int _offset;
    private bool _hasCurrent;
    private bool _ended;
    private bool _disposed;
    private long _position;

    public ChunkReadStream(IAsyncEnumerator<ByteChunk> chunks, bool hasCurrent, bool ended = false)
    {
        _chunks = chunks;
        _hasCurrent = hasCurrent;
        _ended = ended;
        if (hasCurrent)
        {
            _current = chunks.Current;
        }
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A byte stream's length is not known until it ends.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A byte stream cannot seek.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_hasCurrent || _offset == _current.Length)
        {
            ReturnCurrent();
            if (_ended)
            {
                return 0;
            }

            // The enumerator's own token (the call's) governs; a read's token cancels only this wait.
            if (!await _chunks.MoveNextAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                return 0;
            }

            _current = _chunks.Current;
            _hasCurrent = true;
            _offset = 0;
        }

        int count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.Array.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A byte stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A byte stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A byte stream is read-only.");

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnCurrent();

        // Ends the enumeration: a call's stream that did not reach its end is cancelled.
        await _chunks.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ReturnCurrent();
            _chunks.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private void ReturnCurrent()
    {
        if (_hasCurrent)
        {
            _hasCurrent = false;
            ArrayPool<byte>.Shared.Return(_current.Array);
            _current = default;
        }
    }
}
