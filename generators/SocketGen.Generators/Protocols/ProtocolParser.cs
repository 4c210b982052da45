using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Protocols;

/// <summary>
/// Reads a <c>[WireProtocol]</c> class, its framing attribute and every message layout it reaches into a
/// <see cref="ProtocolSpec"/>, reporting declaration errors (SG4001–SG4007) instead where the declaration cannot work.
/// </summary>
internal sealed class ProtocolParser
{
    private const string AttributeNamespace = "SocketGen.Protocols.";

    private readonly INamedTypeSymbol _protocol;
    private readonly List<ProtocolDiagnostic> _diagnostics = new();
    private readonly Dictionary<string, string> _layoutIds = new(StringComparer.Ordinal);
    private readonly List<LayoutSpec> _layouts = new();

    private ProtocolParser(INamedTypeSymbol protocol)
    {
        _protocol = protocol;
    }

    public static ProtocolParseResult Parse(INamedTypeSymbol protocol, TypeDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        var parser = new ProtocolParser(protocol);
        var spec = parser.ParseProtocol(syntax, cancellationToken);
        // A type that is both sides' message is checked twice; report each finding once.
        return new ProtocolParseResult(parser._diagnostics.Count == 0 ? spec : null, new EquatableArray<ProtocolDiagnostic>(parser._diagnostics.Distinct()));
    }

    private ProtocolSpec? ParseProtocol(TypeDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || _protocol.IsGenericType || !ContainersArePartial())
        {
            Report("SG4006", _protocol, $"Protocol '{_protocol.Name}' must be a non-generic partial class (and every type it is nested in partial) so its codecs can be generated into it");
            return null;
        }

        var protocolAttribute = Find(_protocol, "WireProtocolAttribute")!;
        int maxFrameLength = Named(protocolAttribute, "MaxFrameLength") as int? ?? 64 * 1024;
        var framing = ParseFraming();
        if (protocolAttribute.ConstructorArguments.Length != 2
            || protocolAttribute.ConstructorArguments[0].Value is not INamedTypeSymbol clientType
            || protocolAttribute.ConstructorArguments[1].Value is not INamedTypeSymbol serverType)
        {
            Report("SG4007", _protocol, $"Protocol '{_protocol.Name}' must name its client and server message types: [WireProtocol(typeof(ClientMessage), typeof(ServerMessage))]");
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var client = ParseMessageSet(clientType, framing);
        var server = ParseMessageSet(serverType, framing);
        if (framing is null || client is null || server is null)
        {
            return null;
        }

        var ns = _protocol.ContainingNamespace is { IsGlobalNamespace: false } space ? space.ToDisplayString() : null;
        var containers = new List<string>();
        for (var outer = _protocol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Insert(0, outer.Name);
        }

        string typeName = _protocol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string hint = typeName.Replace("global::", "").Replace('<', '_').Replace('>', '_') + ".Protocol.g.cs";
        return new ProtocolSpec(hint, ns, new EquatableArray<string>(containers), _protocol.Name, typeName, framing, maxFrameLength,
            client, server, new EquatableArray<LayoutSpec>(_layouts));
    }

    private bool ContainersArePartial()
    {
        for (var outer = _protocol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            foreach (var reference in outer.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private FramingSpec? ParseFraming()
    {
        var found = new List<FramingSpec>();
        foreach (var attribute in _protocol.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            var args = attribute.ConstructorArguments;
            switch (name)
            {
                case AttributeNamespace + "LengthPrefixedAttribute":
                {
                    int size = args.Length > 0 && args[0].Value is int s ? s : 0;
                    bool big = args.Length < 2 || args[1].Value is not int order || order == 0;
                    int offset = Named(attribute, "Offset") as int? ?? 0;
                    int header = Named(attribute, "HeaderLength") as int? ?? 0;
                    if (size is not (1 or 2 or 4 or 8))
                    {
                        Report("SG4006", _protocol, $"A length prefix is 1, 2, 4 or 8 bytes, not {size}");
                    }

                    if (offset < 0 || (header != 0 && header < offset + size))
                    {
                        Report("SG4005", _protocol, $"The length prefix ({size} bytes at offset {offset}) does not fit inside the {header}-byte header");
                    }

                    found.Add(new FramingSpec(FramingKind.LengthPrefixed, size, big, offset, header == 0 ? offset + size : header,
                        Named(attribute, "LengthIncludesHeader") as bool? ?? false, Named(attribute, "Adjustment") as int? ?? 0));
                    break;
                }

                case AttributeNamespace + "DelimitedAttribute":
                {
                    string delimiter = args.Length > 0 && args[0].Value is string d ? d : "\n";
                    if (delimiter.Length == 0 || delimiter.Any(c => c > 127))
                    {
                        Report("SG4006", _protocol, "A delimiter is one or more ASCII characters");
                    }

                    found.Add(new FramingSpec(FramingKind.Delimited, Delimiter: delimiter));
                    break;
                }

                case AttributeNamespace + "FixedSizeAttribute":
                {
                    int size = args.Length > 0 && args[0].Value is int s ? s : 0;
                    if (size <= 0)
                    {
                        Report("SG4006", _protocol, $"A fixed frame size is a positive number of bytes, not {size}");
                    }

                    found.Add(new FramingSpec(FramingKind.FixedSize, Size: size));
                    break;
                }

                case AttributeNamespace + "OnePerDatagramAttribute":
                    found.Add(new FramingSpec(FramingKind.Datagram));
                    break;
                case AttributeNamespace + "SelfDelimitedAttribute":
                    found.Add(new FramingSpec(FramingKind.SelfDelimited, Delimiter: Named(attribute, "Delimiter") as string ?? "\r\n"));
                    break;
            }
        }

        if (found.Count != 1)
        {
            Report("SG4006", _protocol, $"Protocol '{_protocol.Name}' needs exactly one framing attribute ([LengthPrefixed], [Delimited], [FixedSize], [OnePerDatagram] or [SelfDelimited]); it has {found.Count}");
            return null;
        }

        return found[0];
    }

    private MessageSetSpec? ParseMessageSet(INamedTypeSymbol type, FramingSpec? framing)
    {
        string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (Find(type, "BinaryLayoutAttribute") is not null)
        {
            var id = ParseLayout(type, isText: false);
            if (id is null)
            {
                return null;
            }

            var layout = _layouts.First(l => l.Id == id);
            CheckFramingOfBinary(type, layout, framing);
            var correlation = layout.Members.FirstOrDefault(m => m.IsCorrelationId)?.Name;
            return new MessageSetSpec(typeName, false, new EquatableArray<string>(new[] { id }), correlation);
        }

        var cases = new List<INamedTypeSymbol>();
        if (Find(type, "TextLayoutAttribute") is not null)
        {
            cases.Add(type);
        }
        else if (Find(type, "MessageUnionAttribute") is { } union)
        {
            if (Named(union, "TagMember") is not null || UnionCases(union).Any(c => Find(c, "BinaryLayoutAttribute") is not null))
            {
                return ParseBinaryUnion(type, union, framing);
            }

            cases.AddRange(UnionCases(union));
            foreach (var member in cases.Where(c => Find(c, "TextLayoutAttribute") is null))
            {
                Report("SG4007", member, $"'{member.Name}', a case of the top-level union '{type.Name}', must be a [TextLayout] or a [BinaryLayout]");
            }

            foreach (var member in cases.Where(c => !Assignable(c, type)))
            {
                Report("SG4007", member, $"'{member.Name}' is listed as a case of '{type.Name}' but does not implement or derive from it");
            }
        }
        else
        {
            Report("SG4007", type, $"'{type.Name}' is not a message type: mark it [BinaryLayout] or [TextLayout], or [MessageUnion] listing its cases");
            return null;
        }

        var ids = new List<string>();
        var keywords = new HashSet<string?>();
        foreach (var textCase in cases)
        {
            var id = ParseLayout(textCase, isText: true);
            if (id is null)
            {
                continue;
            }

            ids.Add(id);
            var layout = _layouts.First(l => l.Id == id);
            if (!keywords.Add(layout.Keyword))
            {
                Report("SG4007", textCase, layout.Keyword is null
                    ? $"'{type.Name}' has more than one case without a keyword; only one can be the fallback"
                    : $"Two cases of '{type.Name}' have the keyword '{layout.Keyword}'");
            }

            if (framing is { Kind: not (FramingKind.Delimited or FramingKind.SelfDelimited) })
            {
                Report("SG4006", _protocol, $"Text message '{textCase.Name}' needs [Delimited] or [SelfDelimited] framing");
            }
            else if (framing is { Kind: FramingKind.Delimited } && layout.Members.Any(m => m.Kind == MemberKind.DataBlock))
            {
                Report("SG4003", textCase, $"The data block of '{textCase.Name}' can contain the delimiter; declare the protocol [SelfDelimited] so the block's length token frames it");
            }
        }

        return new MessageSetSpec(typeName, true, new EquatableArray<string>(ids), null);
    }

    /// <summary>
    /// A top-level union of binary layouts: every case carries <c>TagMember</c> as an integer at the same offset and
    /// of the same wire type, so the reader can peek it before it knows the case.
    /// </summary>
    private MessageSetSpec? ParseBinaryUnion(INamedTypeSymbol type, AttributeData union, FramingSpec? framing)
    {
        string? tagName = Named(union, "TagMember") as string;
        if (string.IsNullOrEmpty(tagName))
        {
            Report("SG4002", type, $"Union '{type.Name}' has binary cases, so it needs [MessageUnion(..., TagMember = nameof(Case.Tag))] naming the integer member whose value chooses the case");
            return null;
        }

        if (!UnionCases(union).Any())
        {
            Report("SG4002", type, $"Union '{type.Name}' has no cases; list them in [MessageUnion(typeof(...), ...)]");
            return null;
        }

        MemberSpec? tag = null;
        int tagOffset = -1;
        string? firstCase = null;
        var cases = new List<UnionCaseSpec>();
        foreach (var (caseType, unionCase) in ParseBinaryCases(type, union))
        {
            var layout = _layouts.First(l => l.Id == unionCase.LayoutId);
            CheckFramingOfBinary(caseType, layout, framing);
            int offset = 0;
            MemberSpec? caseTag = null;
            foreach (var member in layout.Members)
            {
                if (member.Name == tagName)
                {
                    caseTag = member;
                    break;
                }

                int size = member.FlagMember is null ? SizeOf(member) : -1;
                if (size < 0)
                {
                    break;
                }

                offset += size;
            }

            if (caseTag is not { Kind: MemberKind.Integer, FlagMember: null })
            {
                Report("SG4002", caseType, $"'{caseType.Name}', a case of union '{type.Name}', needs the tag member '{tagName}': an integer after members of fixed size only");
                continue;
            }

            if (tag is null)
            {
                (tag, tagOffset, firstCase) = (caseTag, offset, caseType.Name);
            }
            else if (offset != tagOffset || caseTag.IntSize != tag.IntSize || caseTag.Signed != tag.Signed || caseTag.BigEndian != tag.BigEndian)
            {
                Report("SG4002", caseType, $"Tag member '{tagName}' of '{caseType.Name}' is a {Describe(caseTag)} at offset {offset}, but in '{firstCase}' it is a {Describe(tag)} at offset {tagOffset}; every case carries the tag at the same offset and of the same type");
                continue;
            }

            cases.Add(unionCase);
        }

        if (tag is null || cases.Count == 0)
        {
            return null; // each case's error is reported
        }

        return new MessageSetSpec(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), false, new EquatableArray<string>(cases.Select(c => c.LayoutId).ToArray()), null,
            tag with { Name = tagName! }, tagOffset, new EquatableArray<UnionCaseSpec>(cases));
    }

    /// <summary>
    /// The cases of a union of binary layouts (nested or top-level) that parse: each a [BinaryLayout] deriving from
    /// the union, with [UnionCase] tags no other case has.
    /// </summary>
    private List<(INamedTypeSymbol Type, UnionCaseSpec Spec)> ParseBinaryCases(INamedTypeSymbol union, AttributeData unionAttribute)
    {
        var cases = new List<(INamedTypeSymbol, UnionCaseSpec)>();
        var tags = new HashSet<long>();
        foreach (var caseType in UnionCases(unionAttribute))
        {
            var caseTags = Find(caseType, "UnionCaseAttribute")?.ConstructorArguments[0].Values.Select(v => Convert.ToInt64(v.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (Find(caseType, "BinaryLayoutAttribute") is null || caseTags is null || caseTags.Length == 0)
            {
                Report("SG4002", caseType, $"'{caseType.Name}', a case of union '{union.Name}', needs [BinaryLayout] and [UnionCase(tag, ...)] giving the tag values that choose it");
                continue;
            }

            if (!Assignable(caseType, union))
            {
                Report("SG4007", caseType, $"'{caseType.Name}' is listed as a case of '{union.Name}' but does not implement or derive from it");
                continue;
            }

            foreach (var duplicate in caseTags.Where(t => !tags.Add(t)))
            {
                Report("SG4002", caseType, $"Tag {duplicate} chooses more than one case of union '{union.Name}'");
            }

            if (ParseLayout(caseType, isText: false) is { } caseId)
            {
                cases.Add((caseType, new UnionCaseSpec(caseId, caseType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), new EquatableArray<long>(caseTags))));
            }
        }

        return cases;
    }

    private static string Describe(MemberSpec integer) =>
        $"{integer.IntSize}-byte {(integer.Signed ? "signed" : "unsigned")} {(integer.IntSize == 1 ? "" : integer.BigEndian ? "big-endian " : "little-endian ")}integer";

    private void CheckFramingOfBinary(INamedTypeSymbol type, LayoutSpec layout, FramingSpec? framing)
    {
        switch (framing?.Kind)
        {
            case FramingKind.Delimited:
                Report("SG4003", type, $"Binary message '{type.Name}' can contain the delimiter's bytes in any field; use [LengthPrefixed], [FixedSize] or [SelfDelimited] framing, or a [TextLayout]");
                break;
            case FramingKind.FixedSize when layout.FixedSize < 0:
                Report("SG4006", type, $"'{type.Name}' has members of variable size, so it cannot be framed as [FixedSize]");
                break;
            case FramingKind.FixedSize when layout.FixedSize > framing.Size:
                Report("SG4005", type, $"'{type.Name}' takes {layout.FixedSize} bytes, more than the {framing.Size}-byte frame");
                break;
            case FramingKind.LengthPrefixed:
            {
                int offset = 0;
                MemberSpec? prefix = null;
                foreach (var member in layout.Members)
                {
                    if (member.IsFrameLength)
                    {
                        prefix = member;
                        break;
                    }

                    int size = SizeOf(member);
                    if (size < 0)
                    {
                        break;
                    }

                    offset += size;
                }

                if (prefix is null)
                {
                    Report("SG4006", type, $"'{type.Name}' is length-prefixed, so it must declare the length as a [FrameLength] integer member at offset {framing.Offset}");
                }
                else if (offset != framing.Offset || prefix.IntSize != framing.PrefixSize)
                {
                    Report("SG4005", type, $"[FrameLength] member '{prefix.Name}' is {prefix.IntSize} bytes at offset {offset}, but the framing's length prefix is {framing.PrefixSize} bytes at offset {framing.Offset}");
                }

                break;
            }

            case FramingKind.SelfDelimited:
                foreach (var member in layout.Members.Where(m => !Measurable(m)))
                {
                    Report("SG4006", type, $"Member '{member.Name}' of self-delimited message '{type.Name}' has no size the header gives (use [FixedLength] or [LengthFrom], and [LengthFrom] on unions)");
                }

                break;
        }
    }

    private bool Measurable(MemberSpec member) => member.Kind switch
    {
        MemberKind.Integer or MemberKind.Boolean or MemberKind.FixedBytes or MemberKind.FixedString => true,
        MemberKind.LengthBytes or MemberKind.LengthString => true,
        MemberKind.Nested or MemberKind.Union => member.LengthMember is not null || (member.Kind == MemberKind.Nested && _layouts.First(l => l.Id == member.NestedLayoutId).FixedSize >= 0),
        _ => false,
    };

    private string? ParseLayout(INamedTypeSymbol type, bool isText)
    {
        string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (_layoutIds.TryGetValue(typeName + (isText ? "#text" : ""), out var known))
        {
            return known;
        }

        string id = "L" + _layoutIds.Count + "_" + type.Name;
        _layoutIds[typeName + (isText ? "#text" : "")] = id;
        if (type.IsAbstract || (type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)))
        {
            Report("SG4007", type, $"Message type '{type.Name}' needs an accessible parameterless constructor and settable members, so the reader can create it");
            return null;
        }

        int before = _diagnostics.Count;
        var layoutAttribute = Find(type, isText ? "TextLayoutAttribute" : "BinaryLayoutAttribute");
        var members = isText ? ParseTextMembers(type, layoutAttribute) : ParseBinaryMembers(type, layoutAttribute);
        string? keyword = isText && layoutAttribute?.ConstructorArguments.Length == 1 ? layoutAttribute.ConstructorArguments[0].Value as string : null;
        if (keyword is not null && (keyword.Length == 0 || keyword.Any(c => c is ' ' or '\r' or '\n' || c > 127)))
        {
            Report("SG4003", type, $"Keyword '{keyword}' of '{type.Name}' must be ASCII without spaces or line breaks, which separate and end tokens");
        }

        int fixedSize = 0;
        foreach (var member in members)
        {
            int size = member.FlagMember is null ? SizeOf(member) : -1;
            fixedSize = size < 0 || fixedSize < 0 ? -1 : fixedSize + size;
        }

        _layouts.Add(new LayoutSpec(id, typeName, isText, keyword, new EquatableArray<MemberSpec>(members), isText ? -1 : fixedSize));
        return _diagnostics.Count == before ? id : null;
    }

    private int SizeOf(MemberSpec member) => member.Kind switch
    {
        MemberKind.Integer => member.IntSize,
        MemberKind.Boolean => 1,
        MemberKind.FixedBytes or MemberKind.FixedString => member.FixedLength,
        MemberKind.Nested when member.LengthMember is null => _layouts.FirstOrDefault(l => l.Id == member.NestedLayoutId)?.FixedSize ?? -1,
        _ => -1,
    };

    private List<MemberSpec> ParseBinaryMembers(INamedTypeSymbol type, AttributeData? layoutAttribute)
    {
        bool layoutBig = Named(layoutAttribute, "ByteOrder") is not int order || order == 0;
        var members = new List<MemberSpec>();
        foreach (var (symbol, memberType) in WireMembers(type))
        {
            var spec = ParseBinaryMember(type, symbol, memberType, layoutBig, members);
            if (spec is null)
            {
                continue;
            }

            if (members.Count > 0 && members[members.Count - 1].Kind is MemberKind.RemainingBytes or MemberKind.RemainingString)
            {
                Report("SG4005", symbol, $"'{symbol.Name}' follows '{members[members.Count - 1].Name}', which takes the rest of the message; [Remaining] goes on the last member");
            }

            members.Add(spec);
        }

        return members;
    }

    private MemberSpec? ParseBinaryMember(INamedTypeSymbol owner, ISymbol symbol, ITypeSymbol declared, bool layoutBig, List<MemberSpec> earlier)
    {
        string name = symbol.Name;
        bool big = Find(symbol, "EndiannessAttribute") is { } endianness ? endianness.ConstructorArguments[0].Value is 0 : layoutBig;
        var fixedLength = Find(symbol, "FixedLengthAttribute")?.ConstructorArguments[0].Value as int?;
        var lengthFrom = Find(symbol, "LengthFromAttribute")?.ConstructorArguments[0].Value as string;
        bool remaining = Find(symbol, "RemainingAttribute") is not null;
        var presentWhen = Find(symbol, "PresentWhenAttribute");
        var union = Find(symbol, "UnionAttribute");
        string typeName = declared.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        int sizings = (fixedLength is null ? 0 : 1) + (lengthFrom is null ? 0 : 1) + (remaining ? 1 : 0);
        if (sizings > 1)
        {
            Report("SG4005", symbol, $"'{name}' has more than one of [FixedLength], [LengthFrom] and [Remaining]; give it one size");
            return null;
        }

        string? flagMember = null;
        long mask = 0;
        if (presentWhen is not null)
        {
            flagMember = presentWhen.ConstructorArguments[0].Value as string;
            mask = Convert.ToInt64(presentWhen.ConstructorArguments[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!RefersToInteger(symbol, flagMember, earlier, "[PresentWhen]"))
            {
                return null;
            }
        }

        if (lengthFrom is not null && !RefersToInteger(symbol, lengthFrom, earlier, "[LengthFrom]"))
        {
            return null;
        }

        var spec = new MemberSpec(name, MemberKind.Integer, typeName, BigEndian: big, LengthMember: lengthFrom, FlagMember: flagMember, Mask: mask,
            IsFrameLength: Find(symbol, "FrameLengthAttribute") is not null, IsCorrelationId: Find(symbol, "CorrelationIdAttribute") is not null);

        if (IntegerWidth(declared, out int size, out bool signed, out bool isEnum))
        {
            if (sizings > 0)
            {
                Report("SG4005", symbol, $"Integer '{name}' has its own size; remove [FixedLength], [LengthFrom] or [Remaining]");
                return null;
            }

            return spec with { IntSize = size, Signed = signed, IsEnum = isEnum };
        }

        if ((spec.IsFrameLength || spec.IsCorrelationId) && declared.SpecialType != SpecialType.System_Boolean)
        {
            Report("SG4004", symbol, $"[FrameLength] and [CorrelationId] go on integer members; '{name}' is '{declared.ToDisplayString()}'");
            return null;
        }

        if (declared.SpecialType == SpecialType.System_Boolean)
        {
            return spec with { Kind = MemberKind.Boolean, IntSize = 1 };
        }

        bool isBytes = IsBytes(declared, out bool isMemory);
        if (isBytes || declared.SpecialType == SpecialType.System_String)
        {
            if (sizings == 0)
            {
                Report("SG4004", symbol, $"'{name}' has no size: give it [FixedLength(n)], [LengthFrom(nameof(LengthMember))] or, as the last member, [Remaining]");
                return null;
            }

            var kind = fixedLength is not null ? (isBytes ? MemberKind.FixedBytes : MemberKind.FixedString)
                : lengthFrom is not null ? (isBytes ? MemberKind.LengthBytes : MemberKind.LengthString)
                : (isBytes ? MemberKind.RemainingBytes : MemberKind.RemainingString);
            return spec with { Kind = kind, FixedLength = fixedLength ?? 0, IsMemory = isMemory };
        }

        if (declared is INamedTypeSymbol named && Find(named, "MessageUnionAttribute") is { } unionAttribute)
        {
            if (union is null)
            {
                Report("SG4002", symbol, $"'{name}' is a union ('{named.Name}'), so it needs [Union(nameof(TagMember))] naming the member whose value chooses the case");
                return null;
            }

            string? tag = union.ConstructorArguments[0].Value as string;
            if (!RefersToInteger(symbol, tag, earlier, "[Union]"))
            {
                return null;
            }

            var cases = ParseBinaryCases(named, unionAttribute).Select(c => c.Spec).ToList();

            if (!UnionCases(unionAttribute).Any())
            {
                Report("SG4002", symbol, $"Union '{named.Name}' has no cases; list them in [MessageUnion(typeof(...), ...)]");
                return null;
            }

            if (cases.Count == 0)
            {
                return null; // each case's error is reported
            }

            return spec with
            {
                Kind = MemberKind.Union,
                TagMember = tag,
                Cases = new EquatableArray<UnionCaseSpec>(cases),
                IsNullable = declared.NullableAnnotation == NullableAnnotation.Annotated,
            };
        }

        if (union is not null)
        {
            Report("SG4002", symbol, $"'{name}' has [Union] but its type '{declared.ToDisplayString()}' is not marked [MessageUnion]");
            return null;
        }

        if (declared is INamedTypeSymbol nested && Find(nested, "BinaryLayoutAttribute") is not null)
        {
            if (fixedLength is not null || remaining)
            {
                Report("SG4005", symbol, $"Nested structure '{name}' takes its layout's size, or [LengthFrom]; remove [FixedLength] or [Remaining]");
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(nested, owner))
            {
                Report("SG4005", symbol, $"'{name}' nests '{owner.Name}' inside itself");
                return null;
            }

            var nestedId = ParseLayout(nested, isText: false);
            return nestedId is null ? null : spec with { Kind = MemberKind.Nested, NestedLayoutId = nestedId };
        }

        Report("SG4004", symbol, $"'{name}' has type '{declared.ToDisplayString()}', which no binary layout carries: use an integer, bool, enum, string, byte[], ReadOnlyMemory<byte>, a [BinaryLayout] type or a [MessageUnion]");
        return null;
    }

    private List<MemberSpec> ParseTextMembers(INamedTypeSymbol type, AttributeData? layoutAttribute)
    {
        var members = new List<MemberSpec>();
        foreach (var (symbol, declared) in WireMembers(type))
        {
            string name = symbol.Name;
            string typeName = declared.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var last = members.Count > 0 ? members[members.Count - 1] : null;
            if (last is not null && last.Kind is MemberKind.RestTokens or MemberKind.RestOfLine or MemberKind.DataBlock)
            {
                Report("SG4005", symbol, $"'{name}' follows '{last.Name}', which takes the rest of the message; it must be last");
                continue;
            }

            var dataBlock = Find(symbol, "DataBlockAttribute")?.ConstructorArguments[0].Value as string;
            var underlying = declared is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : declared;
            bool optional = !SymbolEqualityComparer.Default.Equals(underlying, declared)
                || (declared.IsReferenceType && declared.NullableAnnotation == NullableAnnotation.Annotated);
            if (dataBlock is not null)
            {
                if (!IsBytes(declared, out bool isMemory))
                {
                    Report("SG4004", symbol, $"Data block '{name}' must be byte[] or ReadOnlyMemory<byte>");
                    continue;
                }

                if (!RefersToInteger(symbol, dataBlock, members, "[DataBlock]"))
                {
                    continue;
                }

                members.Add(new MemberSpec(name, MemberKind.DataBlock, typeName, IsMemory: isMemory, LengthMember: dataBlock));
                continue;
            }

            if (last is { IsOptional: true } && !optional)
            {
                Report("SG4005", symbol, $"'{name}' follows optional token '{last.Name}'; only optional tokens can follow an optional one");
            }

            if (underlying.SpecialType == SpecialType.System_String)
            {
                bool restOfLine = Find(symbol, "RestOfLineAttribute") is not null;
                members.Add(new MemberSpec(name, restOfLine ? MemberKind.RestOfLine : MemberKind.TokenString, typeName, IsOptional: optional && !restOfLine));
            }
            else if (IntegerWidth(underlying, out int size, out bool signed, out bool isEnum))
            {
                members.Add(new MemberSpec(name, MemberKind.TokenInteger, typeName, IntSize: size, Signed: signed, IsEnum: isEnum, IsOptional: optional,
                    IsNullable: optional));
            }
            else if (declared is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String })
            {
                members.Add(new MemberSpec(name, MemberKind.RestTokens, typeName));
            }
            else
            {
                Report("SG4004", symbol, $"Token '{name}' has type '{declared.ToDisplayString()}'; text tokens are strings or integers, string[] takes the remaining tokens, and byte[] with [DataBlock] is the data block");
            }
        }

        return members;
    }

    private bool RefersToInteger(ISymbol symbol, string? target, List<MemberSpec> earlier, string attribute)
    {
        int index = earlier.FindIndex(m => m.Name == target);
        if (index < 0 || earlier[index].Kind is not (MemberKind.Integer or MemberKind.TokenInteger))
        {
            Report("SG4001", symbol, $"{attribute} on '{symbol.Name}' names '{target}', which is not an integer member declared before it");
            return false;
        }

        bool isLength = attribute is "[LengthFrom]" or "[DataBlock]";
        earlier[index] = earlier[index] with
        {
            IsLengthSource = earlier[index].IsLengthSource || isLength,
            IsValueSource = earlier[index].IsValueSource || !isLength,
        };
        return true;
    }

    /// <summary>The wire members: the base classes' first (outermost first), then the type's own, each in declaration order.</summary>
    private static IEnumerable<(ISymbol Symbol, ITypeSymbol Type)> WireMembers(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        foreach (var member in chain.SelectMany(t => t.GetMembers()))
        {
            if (member.IsStatic || member.IsImplicitlyDeclared || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                continue;
            }

            if (member is IPropertySymbol { IsIndexer: false, SetMethod: not null } property)
            {
                yield return (property, property.Type);
            }
            else if (member is IFieldSymbol { IsConst: false, IsReadOnly: false } field)
            {
                yield return (field, field.Type);
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> UnionCases(AttributeData union) =>
        union.ConstructorArguments.Length == 1 && union.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? union.ConstructorArguments[0].Values.Select(v => v.Value).OfType<INamedTypeSymbol>()
            : union.ConstructorArguments.Select(v => v.Value).OfType<INamedTypeSymbol>();

    private static bool Assignable(INamedTypeSymbol type, INamedTypeSymbol target)
    {
        if (type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target)))
        {
            return true;
        }

        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(b, target))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBytes(ITypeSymbol type, out bool isMemory)
    {
        isMemory = type is INamedTypeSymbol { Name: "ReadOnlyMemory", TypeArguments.Length: 1 } memory
            && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte
            && memory.ContainingNamespace.ToDisplayString() == "System";
        return isMemory || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte };
    }

    private static bool IntegerWidth(ITypeSymbol type, out int size, out bool signed, out bool isEnum)
    {
        isEnum = type.TypeKind == TypeKind.Enum;
        var special = isEnum ? ((INamedTypeSymbol)type).EnumUnderlyingType!.SpecialType : type.SpecialType;
        (size, signed) = special switch
        {
            SpecialType.System_Byte => (1, false),
            SpecialType.System_SByte => (1, true),
            SpecialType.System_UInt16 => (2, false),
            SpecialType.System_Int16 => (2, true),
            SpecialType.System_UInt32 => (4, false),
            SpecialType.System_Int32 => (4, true),
            SpecialType.System_UInt64 => (8, false),
            SpecialType.System_Int64 => (8, true),
            _ => (0, false),
        };
        return size > 0;
    }

    private static AttributeData? Find(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNamespace + name);

    private static object? Named(AttributeData? attribute, string name) =>
        attribute?.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;

    private void Report(string id, ISymbol symbol, string message)
    {
        var location = symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? _protocol.Locations.FirstOrDefault();
        var lines = location?.GetLineSpan();
        _diagnostics.Add(new ProtocolDiagnostic(id, message, location?.SourceTree?.FilePath, location?.SourceSpan.Start ?? 0, location?.SourceSpan.Length ?? 0,
            lines?.StartLinePosition.Line ?? 0, lines?.StartLinePosition.Character ?? 0, lines?.EndLinePosition.Line ?? 0, lines?.EndLinePosition.Character ?? 0));
    }
}
