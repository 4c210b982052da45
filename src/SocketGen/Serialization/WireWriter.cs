using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;

namespace SocketGen.Serialization;

/// <summary>
/// Writes values in the SocketGen wire encoding (docs/wire-format.md): fixed-size big-endian scalars,
/// length-prefixed UTF-8 strings and byte arrays, counts before collections, and objects as a field
/// count plus a byte length so that older readers can skip fields they do not know.
/// </summary>
/// <remarks>Generated codecs call this; it writes into a pooled buffer the engine owns.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct WireWriter
{
    private readonly WireBuffer _buffer;

    internal WireWriter(WireBuffer buffer) => _buffer = buffer;

    /// <summary>The number of bytes written so far.</summary>
    public readonly int BytesWritten => _buffer.Length;

    /// <summary>Writes one byte: 1 for true, 0 for false.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes one byte.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    /// <summary>Writes one byte, two's complement.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteSByte(sbyte value) => WriteByte(unchecked((byte)value));

    /// <summary>Writes 2 bytes, big-endian two's complement.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    /// <summary>Writes 2 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    /// <summary>Writes 4 bytes, big-endian two's complement.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes 4 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes 8 bytes, big-endian two's complement.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes 8 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes the UTF-16 code unit as 2 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteChar(char value) => WriteUInt16(value);

    /// <summary>Writes the IEEE 754 binary32 bits as 4 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes the IEEE 754 binary64 bits as 8 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes 16 bytes: the low, middle and high 32 bits of the 96-bit integer, then the sign-and-scale word, each big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        WriteInt32(bits[0]);
        WriteInt32(bits[1]);
        WriteInt32(bits[2]);
        WriteInt32(bits[3]);
    }

    /// <summary>Writes 16 bytes in RFC 9562 (big-endian) order, the order of the canonical text form.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteGuid(Guid value)
    {
        value.TryWriteBytes(_buffer.GetSpan(16), bigEndian: true, out _);
        _buffer.Advance(16);
    }

    /// <summary>Writes 9 bytes: the ticks (100 ns since 0001-01-01) as a big-endian int64, then the kind (0 unspecified, 1 UTC, 2 local).</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteDateTime(DateTime value)
    {
        WriteInt64(value.Ticks);
        WriteByte((byte)value.Kind);
    }

    /// <summary>Writes 10 bytes: the clock ticks as a big-endian int64, then the offset from UTC in minutes as a big-endian int16.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteInt64(value.Ticks);
        WriteInt16((short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>Writes the ticks (100 ns) as a big-endian int64.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteTimeSpan(TimeSpan value) => WriteInt64(value.Ticks);

    /// <summary>Writes 4 bytes: the day number (days since 0001-01-01) as a big-endian int32.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteDateOnly(DateOnly value) => WriteInt32(value.DayNumber);

    /// <summary>Writes 8 bytes: the ticks (100 ns) since midnight as a big-endian int64.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteTimeOnly(TimeOnly value) => WriteInt64(value.Ticks);

    /// <summary>Writes the IEEE 754 binary16 bits as 2 bytes, big-endian.</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteHalf(Half value) => WriteUInt16(BitConverter.HalfToUInt16Bits(value));

    /// <summary>Writes 16 bytes, big-endian two's complement (the high 64 bits first).</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteInt128(Int128 value)
    {
        BinaryPrimitives.WriteInt128BigEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
    }

    /// <summary>Writes 16 bytes, big-endian (the high 64 bits first).</summary>
    /// <param name="value">The value.</param>
    public readonly void WriteUInt128(UInt128 value)
    {
        BinaryPrimitives.WriteUInt128BigEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
    }

    /// <summary>Writes a big-endian int32 byte length (-1 for null) and then the UTF-8 bytes.</summary>
    /// <param name="value">The value, or null.</param>
    public readonly void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt32(byteCount);
        int written = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(byteCount));
        _buffer.Advance(written);
    }

    /// <summary>Writes a big-endian int32 length (-1 for null) and then the bytes.</summary>
    /// <param name="value">The value, or null.</param>
    public readonly void WriteByteArray(byte[]? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteBytes(value);
    }

    /// <summary>Writes a big-endian int32 length and then the bytes; the form of a non-null byte array.</summary>
    /// <param name="value">The bytes.</param>
    public readonly void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Writes bytes as they are, with no length: a byte stream's chunk is the whole payload of its frame.</summary>
    /// <param name="value">The bytes.</param>
    public readonly void WriteRaw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Writes the presence byte (1 present, 0 absent) before a nullable value or a reference.</summary>
    /// <param name="hasValue">Whether the value follows.</param>
    public readonly void WriteHasValue(bool hasValue) => WriteBoolean(hasValue);

    /// <summary>Writes the element count of an array, list or dictionary as a big-endian int32.</summary>
    /// <param name="count">The number of elements (pairs for a dictionary).</param>
    public readonly void WriteCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteInt32(count);
    }

    /// <summary>
    /// The exception an encoder of a base type throws for a value whose runtime type is not declared with
    /// <see cref="WireDerivedAttribute"/>: writing it as the base type would silently drop its own data.
    /// </summary>
    /// <param name="baseType">The declared base type, for the message.</param>
    /// <param name="valueType">The value's runtime type.</param>
    /// <returns>The exception to throw.</returns>
    public static NotSupportedException UndeclaredDerivedType(string baseType, Type valueType)
    {
        ArgumentNullException.ThrowIfNull(valueType);
        return new NotSupportedException($"A {valueType.FullName} cannot be sent as {baseType}: it is not declared with [WireDerived(typeof({valueType.Name}), tag)] on {baseType}, so the receiver could not create it.");
    }

    /// <summary>Starts an object: writes the field count and reserves the byte length that <see cref="EndObject"/> fills in.</summary>
    /// <param name="fieldCount">The number of fields that follow, in declaration order.</param>
    /// <returns>The token to pass to <see cref="EndObject"/>.</returns>
    /// <exception cref="ProtocolViolationException">Objects nest deeper than <see cref="WireReader.MaxDepth"/> (for example, a cyclic object graph).</exception>
    public readonly WireObjectToken BeginObject(int fieldCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldCount);
        if (++_buffer.Depth > WireReader.MaxDepth)
        {
            // The same limit the reader enforces: no receiver could read a deeper message anyway.
            WireThrow.NestedTooDeep(WireReader.MaxDepth);
        }

        WriteInt32(fieldCount);
        int lengthPosition = _buffer.Length;
        WriteInt32(0);
        return new WireObjectToken(lengthPosition);
    }

    /// <summary>Ends an object: patches in the byte length of its fields.</summary>
    /// <param name="token">The token <see cref="BeginObject"/> returned.</param>
    public readonly void EndObject(WireObjectToken token)
    {
        int length = _buffer.Length - token.LengthPosition - sizeof(int);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.WrittenAt(token.LengthPosition, sizeof(int)), length);
        _buffer.Depth--;
    }
}
