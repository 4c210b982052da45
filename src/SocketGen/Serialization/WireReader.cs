using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;

namespace SocketGen.Serialization;

/// <summary>
/// Reads values in the SocketGen wire encoding from one frame's payload. Every read is bounds-checked:
/// a payload that ends early or carries an impossible length throws <see cref="ProtocolViolationException"/>
/// before anything is allocated for it.
/// </summary>
/// <remarks>Generated codecs call this; the span it reads is only valid while the engine's call is running.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct WireReader
{
    /// <summary>How deeply objects may nest before the reader refuses: recursion on hostile input is bounded.</summary>
    public const int MaxDepth = 64;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _depth;

    internal WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _depth = 0;
    }

    /// <summary>The number of payload bytes not read yet.</summary>
    public readonly int BytesRemaining => _buffer.Length - _position;

    /// <summary>Reads every byte left in the payload, with no length: a byte stream's chunk.</summary>
    /// <returns>The bytes, valid while the engine's call is running.</returns>
    public ReadOnlySpan<byte> ReadRemaining() => Take(BytesRemaining);

    /// <summary>Reads a boolean; a byte other than 0 or 1 is a protocol violation.</summary>
    /// <returns>The value.</returns>
    public bool ReadBoolean()
    {
        byte b = ReadByte();
        if (b > 1)
        {
            WireThrow.Invalid($"a boolean byte is {b}, not 0 or 1");
        }

        return b == 1;
    }

    /// <summary>Reads one byte.</summary>
    /// <returns>The value.</returns>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads one byte, two's complement.</summary>
    /// <returns>The value.</returns>
    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);

    /// <summary>Reads 2 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    /// <summary>Reads 2 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    /// <summary>Reads 4 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads 4 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>Reads 8 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads 8 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>Reads a UTF-16 code unit from 2 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public char ReadChar() => (char)ReadUInt16();

    /// <summary>Reads IEEE 754 binary32 bits from 4 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    /// <summary>Reads IEEE 754 binary64 bits from 8 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Reads a decimal from 16 bytes (low, middle, high, sign-and-scale words); invalid scale or sign bits are a protocol violation.</summary>
    /// <returns>The value.</returns>
    public decimal ReadDecimal()
    {
        Span<int> bits = stackalloc int[4];
        bits[0] = ReadInt32();
        bits[1] = ReadInt32();
        bits[2] = ReadInt32();
        bits[3] = ReadInt32();
        int flags = bits[3];
        int scale = (flags >> 16) & 0xFF;
        if ((flags & 0x7F00FFFF) != 0 || scale > 28)
        {
            WireThrow.Invalid("a decimal's sign-and-scale word is not valid");
        }

        return new decimal(bits);
    }

    /// <summary>Reads a Guid from 16 bytes in RFC 9562 (big-endian) order.</summary>
    /// <returns>The value.</returns>
    public Guid ReadGuid() => new(Take(16), bigEndian: true);

    /// <summary>Reads a DateTime from its ticks and kind; out-of-range values are a protocol violation.</summary>
    /// <returns>The value.</returns>
    public DateTime ReadDateTime()
    {
        long ticks = ReadInt64();
        byte kind = ReadByte();
        if ((ulong)ticks > (ulong)DateTime.MaxValue.Ticks || kind > (byte)DateTimeKind.Local)
        {
            WireThrow.Invalid("a DateTime is out of range");
        }

        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads a DateTimeOffset from its clock ticks and offset in minutes; out-of-range values are a protocol violation.</summary>
    /// <returns>The value.</returns>
    public DateTimeOffset ReadDateTimeOffset()
    {
        long ticks = ReadInt64();
        short offsetMinutes = ReadInt16();
        if (offsetMinutes is < -840 or > 840 || (ulong)ticks > (ulong)DateTime.MaxValue.Ticks)
        {
            WireThrow.Invalid("a DateTimeOffset is out of range");
        }

        long utcTicks = ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if ((ulong)utcTicks > (ulong)DateTime.MaxValue.Ticks)
        {
            WireThrow.Invalid("a DateTimeOffset is out of range");
        }

        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
    }

    /// <summary>Reads a TimeSpan from its ticks.</summary>
    /// <returns>The value.</returns>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads a DateOnly from its day number (days since 0001-01-01); out-of-range values are a protocol violation.</summary>
    /// <returns>The value.</returns>
    public DateOnly ReadDateOnly()
    {
        int dayNumber = ReadInt32();
        if ((uint)dayNumber > (uint)DateOnly.MaxValue.DayNumber)
        {
            WireThrow.Invalid($"a DateOnly's day number of {dayNumber} is out of range");
        }

        return DateOnly.FromDayNumber(dayNumber);
    }

    /// <summary>Reads a TimeOnly from its ticks since midnight; out-of-range values are a protocol violation.</summary>
    /// <returns>The value.</returns>
    public TimeOnly ReadTimeOnly()
    {
        long ticks = ReadInt64();
        if ((ulong)ticks > (ulong)TimeOnly.MaxValue.Ticks)
        {
            WireThrow.Invalid($"a TimeOnly's ticks of {ticks} are out of range");
        }

        return new TimeOnly(ticks);
    }

    /// <summary>Reads IEEE 754 binary16 bits from 2 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public Half ReadHalf() => BitConverter.UInt16BitsToHalf(ReadUInt16());

    /// <summary>Reads 16 bytes, big-endian two's complement.</summary>
    /// <returns>The value.</returns>
    public Int128 ReadInt128() => BinaryPrimitives.ReadInt128BigEndian(Take(16));

    /// <summary>Reads 16 bytes, big-endian.</summary>
    /// <returns>The value.</returns>
    public UInt128 ReadUInt128() => BinaryPrimitives.ReadUInt128BigEndian(Take(16));

    /// <summary>Reads a length-prefixed UTF-8 string; length -1 is null; invalid UTF-8 is a protocol violation.</summary>
    /// <returns>The value, or null.</returns>
    public string? ReadString()
    {
        int length = ReadLength(allowNull: true);
        if (length < 0)
        {
            return null;
        }

        if (length == 0)
        {
            return string.Empty;
        }

        ReadOnlySpan<byte> bytes = Take(length);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            WireThrow.Invalid("a string is not valid UTF-8", ex);
            return null;
        }
    }

    /// <summary>Copies bytes into a new array; every byte is overwritten, so the runtime need not zero it first.</summary>
    private static byte[] CopyOut(ReadOnlySpan<byte> bytes)
    {
        byte[] array = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(array);
        return array;
    }

    /// <summary>Reads a length-prefixed byte array; length -1 is null.</summary>
    /// <returns>A new array with the bytes, or null.</returns>
    public byte[]? ReadByteArray()
    {
        int length = ReadLength(allowNull: true);
        if (length < 0)
        {
            return null;
        }

        return length == 0 ? [] : CopyOut(Take(length));
    }

    /// <summary>Reads length-prefixed bytes, copying them out of the frame; a null length is a protocol violation.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlyMemory<byte> ReadBytes()
    {
        int length = ReadLength(allowNull: false);
        return length == 0 ? ReadOnlyMemory<byte>.Empty : CopyOut(Take(length));
    }

    /// <summary>Reads length-prefixed bytes without copying; the span is valid only while the frame is.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> ReadBytesSpan() => Take(ReadLength(allowNull: false));

    /// <summary>Reads the presence byte before a nullable value or a reference.</summary>
    /// <returns>Whether the value follows.</returns>
    public bool ReadHasValue() => ReadBoolean();

    /// <summary>
    /// Reads a collection's element count. Every element takes at least one byte, so a count larger than
    /// the bytes left is a protocol violation: a hostile count cannot make the decoder allocate a huge array.
    /// </summary>
    /// <returns>The count.</returns>
    public int ReadCount()
    {
        int count = ReadInt32();
        if (count < 0 || count > BytesRemaining)
        {
            WireThrow.Invalid($"a count of {count} does not fit in the {BytesRemaining} bytes left");
        }

        return count;
    }

    /// <summary>Starts reading an object: reads its field count and byte length.</summary>
    /// <param name="fieldCount">The number of fields the sender wrote; read field <c>i</c> only when <c>i &lt; fieldCount</c>.</param>
    /// <returns>The scope to pass to <see cref="EndObject"/>.</returns>
    public WireObjectScope BeginObject(out int fieldCount)
    {
        fieldCount = ReadInt32();
        int length = ReadInt32();
        if (length < 0 || length > BytesRemaining)
        {
            WireThrow.Invalid($"an object's length of {length} does not fit in the {BytesRemaining} bytes left");
        }

        if (fieldCount < 0 || fieldCount > length)
        {
            WireThrow.Invalid($"an object's field count of {fieldCount} does not fit in its {length} bytes");
        }

        if (++_depth > MaxDepth)
        {
            WireThrow.Invalid($"objects nest deeper than {MaxDepth} levels");
        }

        return new WireObjectScope(_position + length);
    }

    /// <summary>Ends an object: skips any trailing fields a newer sender added.</summary>
    /// <param name="scope">The scope <see cref="BeginObject"/> returned.</param>
    public void EndObject(WireObjectScope scope)
    {
        if (_position > scope.End)
        {
            WireThrow.Invalid("an object's fields ran past its declared length");
        }

        _position = scope.End;
        _depth--;
    }

    /// <summary>
    /// Adds a key and value a dictionary decoder read. A null or repeated key, or a key whose own equality code
    /// throws, is a protocol violation: the bad bytes must not surface as the dictionary's ArgumentException.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="dictionary">The dictionary being decoded.</param>
    /// <param name="key">The key read.</param>
    /// <param name="value">The value read.</param>
    public static void AddEntry<TKey, TValue>(Dictionary<TKey, TValue> dictionary, TKey key, TValue value)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (key is null)
        {
            WireThrow.Invalid("a dictionary key is null");
        }

        bool added;
        try
        {
            added = dictionary.TryAdd(key, value);
        }
        catch (Exception ex)
        {
            throw ValueRefused($"a key of Dictionary<{typeof(TKey).Name}, {typeof(TValue).Name}>", ex);
        }

        if (!added)
        {
            WireThrow.Invalid("a dictionary key appears twice");
        }
    }

    /// <summary>
    /// Adds an element a set decoder read. A repeated element, or one whose own equality code throws, is a
    /// protocol violation: a sender's set never holds the same element twice.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="set">The set being decoded.</param>
    /// <param name="item">The element read.</param>
    public static void AddElement<T>(HashSet<T> set, T item)
    {
        ArgumentNullException.ThrowIfNull(set);
        bool added;
        try
        {
            added = set.Add(item);
        }
        catch (Exception ex)
        {
            throw ValueRefused($"an element of HashSet<{typeof(T).Name}>", ex);
        }

        if (!added)
        {
            WireThrow.Invalid("a set element appears twice");
        }
    }

    /// <summary>
    /// The exception a decoder of a base type throws for a tag none of its declared derived types has: the
    /// sender knows a derived type this side was not built with (or the bytes are not a SocketGen payload).
    /// </summary>
    /// <param name="baseType">The base type being read, for the message.</param>
    /// <param name="tag">The tag read.</param>
    /// <returns>The exception to throw.</returns>
    public static ProtocolViolationException UnknownDerivedTag(string baseType, int tag)
        => new($"The payload is malformed: {tag} is not the tag of {baseType} or of a type declared derived from it with [WireDerived]; the sender may know a derived type this side was not built with.");

    /// <summary>
    /// The exception a decoder throws when the type it builds refuses the values read (its constructor or an
    /// init accessor threw): the payload is a protocol violation, not an error of the method it was meant for.
    /// </summary>
    /// <param name="what">The value being built, for the message.</param>
    /// <param name="refusal">What the type's code threw.</param>
    /// <returns>The exception to throw.</returns>
    public static ProtocolViolationException ValueRefused(string what, Exception refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new ProtocolViolationException($"The payload is malformed: {what} refused the values read ({refusal.GetType().Name}: {refusal.Message}).", refusal);
    }

    private int ReadLength(bool allowNull)
    {
        int length = ReadInt32();
        if (length == -1 && allowNull)
        {
            return -1;
        }

        if (length < 0 || length > BytesRemaining)
        {
            WireThrow.Invalid($"a length of {length} does not fit in the {BytesRemaining} bytes left");
        }

        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        int remaining = _buffer.Length - _position;
        if ((uint)count > (uint)remaining)
        {
            WireThrow.Truncated(count, remaining);
        }

        ReadOnlySpan<byte> span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
