namespace SocketGen.Protocols;

/// <summary>
/// A binary message: its public settable properties and fields, in declaration order, are its wire fields.
/// Integers of every width, <see cref="bool"/> (one byte) and enums (their underlying width) need no attribute;
/// byte blocks (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>) and strings (UTF-8) need a size:
/// <see cref="FixedLengthAttribute"/>, <see cref="LengthFromAttribute"/> or <see cref="RemainingAttribute"/>.
/// A member of another binary layout type is a nested structure.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class BinaryLayoutAttribute : Attribute
{
    /// <summary>The byte order of this layout's integers unless a member says otherwise (big-endian by default).</summary>
    public ByteOrder ByteOrder { get; set; } = ByteOrder.BigEndian;
}

/// <summary>
/// A text message: one line of tokens separated by single spaces — the keyword (when given) and then the
/// public settable properties and fields in declaration order. Tokens are strings or integers; a nullable last
/// token is optional; a <c>string[]</c> last member takes every remaining token; a string marked
/// <see cref="RestOfLineAttribute"/> takes the rest of the line as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class TextLayoutAttribute : Attribute
{
    /// <summary>A message whose line starts with no keyword (a union's fallback case, or a lone message type).</summary>
    public TextLayoutAttribute()
    {
    }

    /// <summary>A message whose line starts with <paramref name="keyword"/>.</summary>
    /// <param name="keyword">The first token, which tells this message from the union's others.</param>
    public TextLayoutAttribute(string keyword)
    {
        Keyword = keyword;
    }

    /// <summary>The first token, or null for a message without one.</summary>
    public string? Keyword { get; }
}

/// <summary>
/// An interface or base class whose cases are the listed types: text layouts told apart by their keyword, or
/// binary layouts marked <see cref="UnionCaseAttribute"/> and chosen by a tag field (see <see cref="UnionAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false)]
public sealed class MessageUnionAttribute : Attribute
{
    /// <summary>Lists the cases.</summary>
    /// <param name="cases">The case types; each implements or derives from the marked type.</param>
    public MessageUnionAttribute(params Type[] cases)
    {
        Cases = cases;
    }

    /// <summary>The case types.</summary>
    public IReadOnlyList<Type> Cases { get; }

    /// <summary>
    /// For a protocol's top-level union of binary layouts: the integer member every case carries at the same offset
    /// and of the same type, whose value (the case's <see cref="UnionCaseAttribute"/> tags) chooses the case.
    /// </summary>
    public string? TagMember { get; set; }
}

/// <summary>The tag values that choose this binary layout inside a <see cref="MessageUnionAttribute"/> union.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class UnionCaseAttribute : Attribute
{
    /// <summary>Declares the tags.</summary>
    /// <param name="tags">Each tag value that chooses this case.</param>
    public UnionCaseAttribute(params long[] tags)
    {
        Tags = tags;
    }

    /// <summary>Each tag value that chooses this case.</summary>
    public IReadOnlyList<long> Tags { get; }
}

/// <summary>
/// A member whose type is a <see cref="MessageUnionAttribute"/> union of binary layouts, the case chosen by an
/// earlier integer member's value. A nullable member reads as null when no case matches the tag (or its
/// <see cref="LengthFromAttribute"/> length is 0) and writes nothing when null.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class UnionAttribute : Attribute
{
    /// <summary>Names the tag member.</summary>
    /// <param name="tagMember">The earlier integer or enum member whose value chooses the case (use <c>nameof</c>).</param>
    public UnionAttribute(string tagMember)
    {
        TagMember = tagMember;
    }

    /// <summary>The member whose value chooses the case.</summary>
    public string TagMember { get; }
}

/// <summary>A member's byte order, where it differs from its layout's.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class EndiannessAttribute : Attribute
{
    /// <summary>Declares the byte order.</summary>
    /// <param name="byteOrder">The member's byte order.</param>
    public EndiannessAttribute(ByteOrder byteOrder)
    {
        ByteOrder = byteOrder;
    }

    /// <summary>The member's byte order.</summary>
    public ByteOrder ByteOrder { get; }
}

/// <summary>
/// A byte block or string of exactly this many bytes; a shorter string is padded with zero bytes on the wire, and
/// trailing zero bytes are dropped when it is read (a C <c>char[n]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class FixedLengthAttribute : Attribute
{
    /// <summary>Declares the length.</summary>
    /// <param name="length">The length in bytes.</param>
    public FixedLengthAttribute(int length)
    {
        Length = length;
    }

    /// <summary>The length in bytes.</summary>
    public int Length { get; }
}

/// <summary>
/// A byte block, string, nested structure or union whose length in bytes an earlier integer member gives. The writer
/// sets that member from what it writes, so the message's own value of it is ignored when sending.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class LengthFromAttribute : Attribute
{
    /// <summary>Names the length member.</summary>
    /// <param name="lengthMember">The earlier integer member holding the length (use <c>nameof</c>).</param>
    public LengthFromAttribute(string lengthMember)
    {
        LengthMember = lengthMember;
    }

    /// <summary>The member holding the length.</summary>
    public string LengthMember { get; }
}

/// <summary>The last member of a binary layout: a byte block or string that takes every byte left in the message.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class RemainingAttribute : Attribute
{
}

/// <summary>A member that is on the wire only when an earlier integer member has any of the <see cref="Mask"/> bits set.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class PresentWhenAttribute : Attribute
{
    /// <summary>Names the flag member and the bits.</summary>
    /// <param name="flagMember">The earlier integer member holding the flags (use <c>nameof</c>).</param>
    /// <param name="mask">The bits; the member is present when <c>(flags &amp; mask) != 0</c>.</param>
    public PresentWhenAttribute(string flagMember, long mask)
    {
        FlagMember = flagMember;
        Mask = mask;
    }

    /// <summary>The member holding the flags.</summary>
    public string FlagMember { get; }

    /// <summary>The bits that make the member present.</summary>
    public long Mask { get; }
}

/// <summary>
/// The integer member at the length prefix's place in a <see cref="LengthPrefixedAttribute"/> frame; the writer
/// fills it in once the frame is written.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class FrameLengthAttribute : Attribute
{
}

/// <summary>
/// An integer member of a top-level message that matches replies to requests: a client completes the request whose
/// value a reply echoes, instead of the oldest one; a reply that matches none arrives as unsolicited.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class CorrelationIdAttribute : Attribute
{
}

/// <summary>
/// A text layout's raw data block (<c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>): it follows the line, as
/// many bytes as the named integer token says, and ends with the line delimiter. The writer sets that token.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class DataBlockAttribute : Attribute
{
    /// <summary>Names the length token.</summary>
    /// <param name="lengthToken">The integer token member holding the block's length (use <c>nameof</c>).</param>
    public DataBlockAttribute(string lengthToken)
    {
        LengthToken = lengthToken;
    }

    /// <summary>The token member holding the block's length.</summary>
    public string LengthToken { get; }
}

/// <summary>A text layout's last token member: a string holding the rest of the line as it is, spaces included.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class RestOfLineAttribute : Attribute
{
}
