using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Protocols;

// The specs of one [WireProtocol] class: strings, numbers and EquatableArrays only (no symbol past parsing), so the
// incremental driver compares them by value.

/// <summary>How a protocol's byte stream splits into frames.</summary>
internal enum FramingKind
{
    LengthPrefixed,
    Delimited,
    FixedSize,
    Datagram,
    SelfDelimited,
}

/// <summary>One framing attribute's settings (unused ones are 0 or empty).</summary>
internal sealed record FramingSpec(
    FramingKind Kind,
    int PrefixSize = 0,
    bool BigEndian = true,
    int Offset = 0,
    int HeaderLength = 0,
    bool LengthIncludesHeader = false,
    int Adjustment = 0,
    string Delimiter = "",
    int Size = 0);

/// <summary>What one wire member is.</summary>
internal enum MemberKind
{
    Integer,
    Boolean,
    FixedBytes,
    FixedString,
    LengthBytes,
    LengthString,
    RemainingBytes,
    RemainingString,
    Nested,
    Union,
    TokenString,
    TokenInteger,
    RestTokens,
    RestOfLine,
    DataBlock,
}

/// <summary>A union member's case: the layout it reads and the tags that choose it.</summary>
internal sealed record UnionCaseSpec(string LayoutId, string TypeName, EquatableArray<long> Tags);

/// <summary>
/// One wire member. <paramref name="TypeName"/> is the declared type, <c>global::</c>-qualified; integers carry their
/// wire width and sign in <paramref name="IntSize"/>/<paramref name="Signed"/>, and <paramref name="IsEnum"/> when
/// the member is an enum.
/// </summary>
internal sealed record MemberSpec(
    string Name,
    MemberKind Kind,
    string TypeName,
    int IntSize = 0,
    bool Signed = false,
    bool BigEndian = true,
    bool IsEnum = false,
    bool IsMemory = false,
    bool IsOptional = false,
    int FixedLength = 0,
    string? LengthMember = null,
    string? FlagMember = null,
    long Mask = 0,
    string? TagMember = null,
    string? NestedLayoutId = null,
    EquatableArray<UnionCaseSpec> Cases = default,
    bool IsNullable = false,
    bool IsFrameLength = false,
    bool IsCorrelationId = false,
    bool IsLengthSource = false,
    bool IsValueSource = false);

/// <summary>
/// A binary or text layout: a message type or a nested structure. <paramref name="FixedSize"/> is its size in bytes
/// when every member has a size known at compile time, else -1.
/// </summary>
internal sealed record LayoutSpec(
    string Id,
    string TypeName,
    bool IsText,
    string? Keyword,
    EquatableArray<MemberSpec> Members,
    int FixedSize);

/// <summary>
/// What one side of the protocol sends: one layout, a union of text layouts told apart by keyword, or a union of
/// binary layouts told apart by <paramref name="Tag"/>, the integer every case carries at <paramref name="TagOffset"/>
/// (its <paramref name="Cases"/> give each layout's tags).
/// </summary>
internal sealed record MessageSetSpec(
    string TypeName,
    bool IsText,
    EquatableArray<string> LayoutIds,
    string? CorrelationMember,
    MemberSpec? Tag = null,
    int TagOffset = 0,
    EquatableArray<UnionCaseSpec> Cases = default);

/// <summary>One protocol: where to emit, its framing, each side's messages, and every layout they reach.</summary>
internal sealed record ProtocolSpec(
    string HintName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string ClassName,
    string TypeName,
    FramingSpec Framing,
    int MaxFrameLength,
    MessageSetSpec Client,
    MessageSetSpec Server,
    EquatableArray<LayoutSpec> Layouts);

/// <summary>A diagnostic found while parsing, with its location as plain values.</summary>
internal sealed record ProtocolDiagnostic(string Id, string Message, string? FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>What parsing one protocol gives: a spec (null when it has errors) and its diagnostics.</summary>
internal sealed record ProtocolParseResult(ProtocolSpec? Spec, EquatableArray<ProtocolDiagnostic> Diagnostics);
