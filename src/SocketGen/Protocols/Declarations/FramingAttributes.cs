namespace SocketGen.Protocols;

/// <summary>
/// Framing: every message starts with a header holding its length. The message's layout covers the whole frame,
/// header included, and declares the length as a member marked <see cref="FrameLengthAttribute"/>, which the
/// writer fills in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LengthPrefixedAttribute : Attribute
{
    /// <summary>Declares the length prefix.</summary>
    /// <param name="prefixSize">The length field's size in bytes: 1, 2, 4 or 8.</param>
    /// <param name="byteOrder">The length field's byte order.</param>
    public LengthPrefixedAttribute(int prefixSize, ByteOrder byteOrder = ByteOrder.BigEndian)
    {
        PrefixSize = prefixSize;
        ByteOrder = byteOrder;
    }

    /// <summary>The length field's size in bytes: 1, 2, 4 or 8.</summary>
    public int PrefixSize { get; }

    /// <summary>The length field's byte order.</summary>
    public ByteOrder ByteOrder { get; }

    /// <summary>Where the length field starts inside the header, in bytes from the frame's start (0 by default).</summary>
    public int Offset { get; set; }

    /// <summary>The header's length in bytes; 0 (the default) means the header ends where the length field ends.</summary>
    public int HeaderLength { get; set; }

    /// <summary>Whether the length counts the header too (false by default: it counts what follows the header).</summary>
    public bool LengthIncludesHeader { get; set; }

    /// <summary>Bytes added to the length field's value to get the length it describes (negative to subtract).</summary>
    public int Adjustment { get; set; }
}

/// <summary>Framing: every message ends with a delimiter, <c>"\n"</c> unless another is given.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DelimitedAttribute : Attribute
{
    /// <summary>Declares the delimiter.</summary>
    /// <param name="delimiter">The bytes (as ASCII text) that end a message, such as <c>"\n"</c> or <c>"\r\n"</c>.</param>
    public DelimitedAttribute(string delimiter = "\n")
    {
        Delimiter = delimiter;
    }

    /// <summary>The bytes (as ASCII text) that end a message.</summary>
    public string Delimiter { get; }
}

/// <summary>Framing: every message is exactly this many bytes long.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FixedSizeAttribute : Attribute
{
    /// <summary>Declares the size.</summary>
    /// <param name="size">Every message's length in bytes.</param>
    public FixedSizeAttribute(int size)
    {
        Size = size;
    }

    /// <summary>Every message's length in bytes.</summary>
    public int Size { get; }
}

/// <summary>Framing: one message per datagram (UDP); the protocol is served by the datagram endpoints.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OnePerDatagramAttribute : Attribute
{
}

/// <summary>
/// Framing: messages delimit themselves by their layout — a binary header whose fields give the lengths of
/// what follows (<see cref="LengthFromAttribute"/>), or text lines (ending as <see cref="Delimiter"/> says)
/// followed by a data block whose length a token gives (<see cref="DataBlockAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SelfDelimitedAttribute : Attribute
{
    /// <summary>For text layouts: what ends a line and a data block (<c>"\r\n"</c> by default).</summary>
    public string Delimiter { get; set; } = "\r\n";
}
