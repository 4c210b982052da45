using System.Buffers;

namespace SocketGen.Serialization;

/// <summary>
/// A growable, pooled byte buffer that a <see cref="WireWriter"/> writes a payload into. One is cached
/// per thread, so encoding a message allocates nothing once the thread has encoded one of that size.
/// </summary>
internal sealed class WireBuffer
{
    private const int InitialSize = 256;

    // Buffers that grew past this are handed back to the pool rather than cached, so one big message
    // does not pin a big array to a thread forever.
    private const int MaxCachedSize = 64 * 1024;

    [ThreadStatic]
    private static WireBuffer? t_cached;

    private byte[] _array;
    private int _length;
    private int _limit;

    // Where the payload the limit applies to starts: 0, or the frame a batch is encoding.
    private int _payloadStart;

    internal WireBuffer()
    {
        _array = ArrayPool<byte>.Shared.Rent(InitialSize);
        _limit = int.MaxValue;
    }

    /// <summary>The bytes written so far.</summary>
    public int Length => _length;

    /// <summary>How many objects the writer is inside; bounded so a cyclic graph fails instead of overflowing the stack.</summary>
    public int Depth { get; set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>Takes this thread's buffer (or a new one) with a size limit.</summary>
    public static WireBuffer Rent(int limit)
    {
        WireBuffer buffer = t_cached ?? new WireBuffer();
        t_cached = null;
        buffer._limit = limit;
        buffer._payloadStart = 0;
        return buffer;
    }

    /// <summary>Gives a buffer back for this thread to reuse.</summary>
    public static void Return(WireBuffer buffer)
    {
        buffer.Clear();
        t_cached = buffer;
    }

    /// <summary>A span of at least <paramref name="size"/> bytes at the end of the written data.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_array.Length - _length < size)
        {
            Grow(size);
        }

        return _array.AsSpan(_length);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the last span as written.</summary>
    public void Advance(int count) => _length += count;

    /// <summary>Reserves <paramref name="count"/> bytes (a header to patch later) and marks them written.</summary>
    public void Reserve(int count)
    {
        GetSpan(count);
        _length += count;
    }

    /// <summary>
    /// Starts a payload at the current end: the limit and the writer's depth count apply to what is written
    /// from here on (a batch holds many frames, each under the payload limit).
    /// </summary>
    public void BeginPayload(int limit)
    {
        _payloadStart = _length;
        _limit = limit;
        Depth = 0;
    }

    /// <summary>Ends a payload begun by <see cref="BeginPayload"/>: later writes are under no payload limit.</summary>
    public void EndPayload()
    {
        _payloadStart = 0;
        _limit = int.MaxValue;
    }

    /// <summary>Drops everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        _length = length;
        _payloadStart = Math.Min(_payloadStart, length);
        Depth = 0;
    }

    /// <summary>Empties the buffer for reuse; an array that grew past the cached size goes back to the pool.</summary>
    public void Clear()
    {
        _length = 0;
        _payloadStart = 0;
        _limit = int.MaxValue;
        Depth = 0;
        if (_array.Length > MaxCachedSize)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    /// <summary>The written bytes at an offset, to patch a length in after the fact.</summary>
    public Span<byte> WrittenAt(int offset, int count) => _array.AsSpan(offset, count);

    private void Grow(int size)
    {
        long needed = (long)_length + size;
        if (needed - _payloadStart > _limit)
        {
            WireThrow.TooLarge(needed - _payloadStart, _limit);
        }

        long newSize = Math.Max(needed, (long)_array.Length * 2);
        newSize = Math.Min(newSize, Math.Max(needed, Array.MaxLength));
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)newSize);
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
