using System.Buffers;

namespace SocketGen.Rpc;

/// <summary>
/// Turns a frame payload into one span. A payload inside one pipe segment is read in place, without a
/// copy; one that straddles segments is copied into a pooled array the connection reuses.
/// </summary>
internal sealed class PayloadScratch
{
    private const int MaxKeptSize = 64 * 1024;
    private byte[]? _array;

    public ReadOnlySpan<byte> GetSpan(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        int length = (int)payload.Length;
        if (_array is null || _array.Length < length)
        {
            Release();
            _array = ArrayPool<byte>.Shared.Rent(length);
        }

        payload.CopyTo(_array);
        return _array.AsSpan(0, length);
    }

    /// <summary>Called after each frame: a big array goes back to the pool rather than staying with the connection.</summary>
    public void Trim()
    {
        if (_array is not null && _array.Length > MaxKeptSize)
        {
            Release();
        }
    }

    public void Release()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }
}
