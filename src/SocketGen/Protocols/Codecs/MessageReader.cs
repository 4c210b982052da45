using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;

namespace SocketGen.Protocols;

/// <summary>
/// Reads a binary message's fields from its bytes, front to back, without allocating (strings and byte blocks
/// excepted, which are copied out of the frame). Generated readers call it; a field past the end of the
/// message throws <see cref="ProtocolViolationException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MessageReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    /// <summary>Starts reading at the first byte of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The message.</param>
    public MessageReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _bytes.Length - _position;

    /// <summary>How many bytes were read.</summary>
    public readonly int Position => _position;

    /// <summary>The next <paramref name="count"/> bytes, which are then read.</summary>
    /// <param name="count">How many bytes.</param>
    /// <returns>The bytes, a slice of the message.</returns>
    public ReadOnlySpan<byte> ReadSpan(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated(count);
        }

        var span = _bytes.Slice(_position, (int)count);
        _position += (int)count;
        return span;
    }

    /// <summary>Every byte left, which are then read.</summary>
    /// <returns>The bytes, a slice of the message.</returns>
    public ReadOnlySpan<byte> ReadRemaining() => ReadSpan(Remaining);

    /// <summary>Reads one byte.</summary>
    /// <returns>The byte.</returns>
    public byte ReadUInt8() => ReadSpan(1)[0];

    /// <summary>Reads a signed byte.</summary>
    /// <returns>The value.</returns>
    public sbyte ReadInt8() => unchecked((sbyte)ReadSpan(1)[0]);

    /// <summary>Reads a 16-bit unsigned integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public ushort ReadUInt16(ByteOrder order) => order == ByteOrder.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(ReadSpan(2)) : BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(2));

    /// <summary>Reads a 16-bit signed integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public short ReadInt16(ByteOrder order) => unchecked((short)ReadUInt16(order));

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public uint ReadUInt32(ByteOrder order) => order == ByteOrder.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(ReadSpan(4)) : BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    /// <summary>Reads a 32-bit signed integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public int ReadInt32(ByteOrder order) => unchecked((int)ReadUInt32(order));

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public ulong ReadUInt64(ByteOrder order) => order == ByteOrder.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(ReadSpan(8)) : BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>Reads a 64-bit signed integer.</summary>
    /// <param name="order">Its byte order.</param>
    /// <returns>The value.</returns>
    public long ReadInt64(ByteOrder order) => unchecked((long)ReadUInt64(order));

    /// <summary>Reads a UTF-8 string of <paramref name="length"/> bytes.</summary>
    /// <param name="length">Its length in bytes.</param>
    /// <returns>The string.</returns>
    public string ReadString(long length) => Encoding.UTF8.GetString(ReadSpan(length));

    /// <summary>Reads a fixed-size string field: <paramref name="length"/> bytes, trailing zero bytes dropped.</summary>
    /// <param name="length">The field's length in bytes.</param>
    /// <returns>The string.</returns>
    public string ReadFixedString(int length)
    {
        var bytes = ReadSpan(length);
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes.Slice(0, end));
    }

    /// <summary>Reads a byte block of <paramref name="length"/> bytes into a new array.</summary>
    /// <param name="length">Its length in bytes.</param>
    /// <returns>A copy of the bytes.</returns>
    public byte[] ReadBytes(long length) => ReadSpan(length).ToArray();

    private readonly ProtocolViolationException Truncated(long count) =>
        new($"The message is truncated: a field needs {count} bytes at offset {_position}, and {Remaining} are left.");
}
