using System.ComponentModel;

namespace SocketGen.Protocols;

/// <summary>
/// Finds where a frame ends in the bytes received so far, for each framing kind. Every method returns the frame's
/// length, or 0 when more bytes are needed, and throws <see cref="LimitExceededException"/> as soon as the bytes
/// at hand prove the frame longer than the limit — a length prefix from its header, a line once the limit is
/// passed without a delimiter — so nothing is buffered for it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FrameMeasure
{
    /// <summary>A length-prefixed frame.</summary>
    /// <param name="buffered">The bytes received, starting at the frame.</param>
    /// <param name="offset">Where the length field starts.</param>
    /// <param name="prefixSize">The length field's size: 1, 2, 4 or 8.</param>
    /// <param name="order">The length field's byte order.</param>
    /// <param name="headerLength">The header's length (at least <paramref name="offset"/> + <paramref name="prefixSize"/>).</param>
    /// <param name="lengthIncludesHeader">Whether the value counts the header.</param>
    /// <param name="adjustment">Added to the value.</param>
    /// <param name="maxFrameLength">The largest frame accepted.</param>
    /// <returns>The frame's length, or 0 when more bytes are needed.</returns>
    public static long LengthPrefixed(ReadOnlySpan<byte> buffered, int offset, int prefixSize, ByteOrder order, int headerLength, bool lengthIncludesHeader, int adjustment, int maxFrameLength)
    {
        if (buffered.Length < headerLength)
        {
            return 0;
        }

        var reader = new MessageReader(buffered.Slice(offset, prefixSize));
        ulong value = prefixSize switch
        {
            1 => reader.ReadUInt8(),
            2 => reader.ReadUInt16(order),
            4 => reader.ReadUInt32(order),
            _ => reader.ReadUInt64(order),
        };
        if (value > (ulong)maxFrameLength + (ulong)headerLength + (ulong)Math.Abs(adjustment))
        {
            throw TooLong(value, maxFrameLength);
        }

        long length = (long)value + adjustment + (lengthIncludesHeader ? 0 : headerLength);
        if (length < headerLength)
        {
            throw new ProtocolViolationException($"The length field says {value}, which makes a frame shorter than its {headerLength}-byte header.");
        }

        if (length > maxFrameLength)
        {
            throw TooLong(length, maxFrameLength);
        }

        return buffered.Length >= length ? length : 0;
    }

    /// <summary>A frame that ends with <paramref name="delimiter"/>.</summary>
    /// <param name="buffered">The bytes received, starting at the frame.</param>
    /// <param name="delimiter">The delimiter.</param>
    /// <param name="maxFrameLength">The largest frame accepted, delimiter included.</param>
    /// <returns>The frame's length with its delimiter, or 0 when more bytes are needed.</returns>
    public static long Delimited(ReadOnlySpan<byte> buffered, ReadOnlySpan<byte> delimiter, int maxFrameLength)
    {
        var window = buffered.Length > maxFrameLength ? buffered.Slice(0, maxFrameLength) : buffered;
        int index = window.IndexOf(delimiter);
        if (index >= 0)
        {
            return index + delimiter.Length;
        }

        if (buffered.Length >= maxFrameLength)
        {
            throw new LimitExceededException($"A line is longer than the {maxFrameLength}-byte limit without a delimiter.");
        }

        return 0;
    }

    /// <summary>A frame of <paramref name="size"/> bytes.</summary>
    /// <param name="buffered">The bytes received.</param>
    /// <param name="size">The frame's size.</param>
    /// <returns>The size, or 0 when more bytes are needed.</returns>
    public static long FixedSize(ReadOnlySpan<byte> buffered, int size) => buffered.Length >= size ? size : 0;

    /// <summary>Checks a length read from a self-delimiting layout against the limit.</summary>
    /// <param name="length">The frame's length so far.</param>
    /// <param name="maxFrameLength">The largest frame accepted.</param>
    /// <exception cref="LimitExceededException">It is over the limit.</exception>
    public static void CheckLength(long length, int maxFrameLength)
    {
        if (length > maxFrameLength)
        {
            throw TooLong(length, maxFrameLength);
        }
    }

    private static LimitExceededException TooLong(ulong length, int max) =>
        new($"A frame's header claims {length} bytes, over the {max}-byte limit; refused before reading it.");

    private static LimitExceededException TooLong(long length, int max) => TooLong((ulong)length, max);
}
