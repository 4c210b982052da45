using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace SocketGen.Protocols;

/// <summary>
/// Writes messages into one growable pooled buffer that an endpoint reuses: generated writers append fields and
/// patch length fields in place, so steady-state sends allocate nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageWriter : IDisposable
{
    private byte[] _buffer;
    private int _position;

    /// <summary>Starts with a buffer of at least <paramref name="initialCapacity"/> bytes from the shared pool.</summary>
    /// <param name="initialCapacity">The first buffer's size.</param>
    public MessageWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    /// <summary>How many bytes are written.</summary>
    public int Position => _position;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _position);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => _position = 0;

    /// <summary>The bytes written from <paramref name="start"/> on, to patch.</summary>
    /// <param name="start">A position this writer returned earlier.</param>
    /// <returns>The written bytes from there.</returns>
    public Span<byte> WrittenSince(int start) => _buffer.AsSpan(start, _position - start);

    /// <summary>Room for <paramref name="count"/> bytes at the end, which count as written.</summary>
    /// <param name="count">How many bytes.</param>
    /// <returns>The span to fill.</returns>
    public Span<byte> Append(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Appends bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteSpan(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Append(bytes.Length));

    /// <summary>Appends a byte.</summary>
    /// <param name="value">The byte.</param>
    public void WriteUInt8(byte value) => Append(1)[0] = value;

    /// <summary>Appends a signed byte.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt8(sbyte value) => Append(1)[0] = unchecked((byte)value);

    /// <summary>Appends a 16-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteUInt16(ushort value, ByteOrder order) => PatchUInt16(Append(2), value, order);

    /// <summary>Appends a 16-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteInt16(short value, ByteOrder order) => WriteUInt16(unchecked((ushort)value), order);

    /// <summary>Appends a 32-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteUInt32(uint value, ByteOrder order) => PatchUInt32(Append(4), value, order);

    /// <summary>Appends a 32-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteInt32(int value, ByteOrder order) => WriteUInt32(unchecked((uint)value), order);

    /// <summary>Appends a 64-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteUInt64(ulong value, ByteOrder order) => PatchUInt64(Append(8), value, order);

    /// <summary>Appends a 64-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    public void WriteInt64(long value, ByteOrder order) => WriteUInt64(unchecked((ulong)value), order);

    /// <summary>Appends a string as UTF-8.</summary>
    /// <param name="value">The string (null writes nothing).</param>
    public void WriteString(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Encoding.UTF8.GetBytes(value, Append(Encoding.UTF8.GetByteCount(value)));
        }
    }

    /// <summary>Appends a string as UTF-8 into a field of exactly <paramref name="length"/> bytes, padded with zero bytes.</summary>
    /// <param name="value">The string (null writes zeros).</param>
    /// <param name="length">The field's length.</param>
    /// <exception cref="ArgumentException">The string is longer than the field.</exception>
    public void WriteFixedString(string? value, int length)
    {
        var field = Append(length);
        field.Clear();
        if (!string.IsNullOrEmpty(value))
        {
            if (Encoding.UTF8.GetByteCount(value) > length)
            {
                throw new ArgumentException($"\"{value}\" takes more than the field's {length} bytes.", nameof(value));
            }

            Encoding.UTF8.GetBytes(value, field);
        }
    }

    /// <summary>Appends a byte block into a field of exactly <paramref name="length"/> bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="length">The field's length.</param>
    /// <exception cref="ArgumentException">The block is not exactly the field's length.</exception>
    public void WriteFixedBytes(ReadOnlySpan<byte> value, int length)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"The field holds exactly {length} bytes; {value.Length} were given.", nameof(value));
        }

        WriteSpan(value);
    }

    /// <summary>Appends an integer as a decimal text token.</summary>
    /// <param name="value">The value.</param>
    public void WriteDecimal(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        WriteSpan(digits.Slice(0, length));
    }

    /// <summary>Appends an unsigned integer as a decimal text token.</summary>
    /// <param name="value">The value.</param>
    public void WriteDecimal(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        WriteSpan(digits.Slice(0, length));
    }

    /// <summary>Appends a string as one text token (UTF-8), which must not contain the separator or a line break.</summary>
    /// <param name="value">The token.</param>
    /// <exception cref="ArgumentException">The token is empty or contains a space, tab, CR or LF.</exception>
    public void WriteToken(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            throw new ArgumentException($"A text token cannot contain spaces or line breaks: \"{value}\".", nameof(value));
        }

        WriteString(value);
    }

    /// <summary>Appends text that ends a line (UTF-8), which must not contain a line break.</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ArgumentException">The text contains CR or LF.</exception>
    public void WriteLineText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("Text inside a line cannot contain a line break.", nameof(value));
        }

        WriteString(value);
    }

    /// <summary>Overwrites a 1-, 2-, 4- or 8-byte integer written earlier at <paramref name="position"/>.</summary>
    /// <param name="position">Where it starts.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="value">The value.</param>
    /// <param name="order">Its byte order.</param>
    /// <exception cref="ProtocolViolationException">The value does not fit the field.</exception>
    public void PatchInteger(int position, int size, ulong value, ByteOrder order)
    {
        var field = _buffer.AsSpan(position, size);
        if (size < 8 && value >> (size * 8) != 0)
        {
            throw new ProtocolViolationException($"The length {value} does not fit a {size}-byte field.");
        }

        switch (size)
        {
            case 1: field[0] = (byte)value; break;
            case 2: PatchUInt16(field, (ushort)value, order); break;
            case 4: PatchUInt32(field, (uint)value, order); break;
            default: PatchUInt64(field, value, order); break;
        }
    }

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void PatchUInt16(Span<byte> field, ushort value, ByteOrder order)
    {
        if (order == ByteOrder.BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(field, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(field, value);
        }
    }

    private static void PatchUInt32(Span<byte> field, uint value, ByteOrder order)
    {
        if (order == ByteOrder.BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(field, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(field, value);
        }
    }

    private static void PatchUInt64(Span<byte> field, ulong value, ByteOrder order)
    {
        if (order == ByteOrder.BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(field, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(field, value);
        }
    }

    private void Grow(int count)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(larger);
        var old = _buffer;
        _buffer = larger;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
