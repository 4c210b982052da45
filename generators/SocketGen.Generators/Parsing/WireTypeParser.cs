using Microsoft.CodeAnalysis;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// Decides how each type of a contract travels on the wire and collects the composite types that need
/// their own codec methods. One instance serves one contract: a type used in several methods gets one
/// pair of codec methods, and a type that refers to itself is parsed once (recursion is guarded).
/// </summary>
internal sealed class WireTypeParser
{
    private const string SupportedTypes =
        "primitives, string, byte[], ReadOnlyMemory<byte>, enums, arrays, List<T>, IReadOnlyList<T>, " +
        "Dictionary<TKey, TValue>, and records, classes or structs with public properties";

    private static readonly string[] ReservedLocals = ["reader", "writer", "value", "scope", "token", "fieldCount", "refusal"];

    private readonly INamedTypeSymbol _contract;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _ordered = [];
    private readonly HashSet<string> _codecNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumSpec> _enums = new(StringComparer.Ordinal);

    public WireTypeParser(INamedTypeSymbol contract, Compilation compilation, CancellationToken cancellationToken)
    {
        _contract = contract;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The composite types parsed so far, in order of discovery.</summary>
    public EquatableArray<WireTypeSpec> Types
        => _ordered.Where(e => e.Spec is not null).Select(e => e.Spec!).ToEquatableArray();

    /// <summary>The enums parsed so far (for the wire baseline).</summary>
    public EquatableArray<EnumSpec> Enums => _enums.Values.ToEquatableArray();

    /// <summary>How a value of <paramref name="type"/> travels, or why it cannot.</summary>
    public WireValueSpec? Parse(ITypeSymbol type, out WireTypeError? error)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        error = null;
        var display = TypeNames.ForCode(type);
        var forgivesNull = type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated;

        if (type.TypeKind == TypeKind.Error || type is IErrorTypeSymbol)
        {
            error = new WireTypeError(TypeNames.ForMessage(type), "does not resolve", IsSilent: true);
            return null;
        }

        var scalar = ScalarName(type);
        if (scalar is not null)
        {
            return new WireValueSpec(display, WireKind.Scalar, scalar, null, false);
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return new WireValueSpec(display, WireKind.String, "String", null, forgivesNull);
            case SpecialType.System_Object:
                error = Unsupported(type);
                return null;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            var underlyingScalar = ScalarName(underlying);
            if (underlyingScalar is null)
            {
                error = Unsupported(type);
                return null;
            }

            AddEnum((INamedTypeSymbol)type);
            return new WireValueSpec(display, WireKind.Enum, underlyingScalar, TypeNames.ForCode(underlying), false);
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return new WireValueSpec(display, WireKind.ByteArray, "ByteArray", null, forgivesNull);
        }

        if (IsGeneric(type, "System.ReadOnlyMemory`1", out var memoryArguments) && memoryArguments[0].SpecialType == SpecialType.System_Byte)
        {
            return new WireValueSpec(display, WireKind.Bytes, "Bytes", null, false);
        }

        var codec = ParseComposite(type, out error);
        return codec is null ? null : new WireValueSpec(display, KindOf(codec), codec.Codec, null, forgivesNull);
    }

    private static WireKind KindOf(Entry entry) => entry.Kind;

    private void AddEnum(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(TypeNames.Canonical);
        if (!_enums.ContainsKey(name))
        {
            var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
                .Select(f => new EnumMemberSpec(f.Name, Convert.ToString(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) ?? "0"));
            _enums.Add(name, new EnumSpec(name, members.ToEquatableArray()));
        }
    }

    private Entry? ParseComposite(ITypeSymbol type, out WireTypeError? error)
    {
        error = null;
        var key = TypeNames.ForCodeNotAnnotated(type);
        if (_entries.TryGetValue(key, out var known))
        {
            // In progress (a type that refers to itself) or done: either way its codec name is settled.
            error = known.Error;
            return known.Error is null ? known : null;
        }

        var kind = CompositeKind(type);
        if (kind is null)
        {
            error = WhyNotObject(type);
            return null;
        }

        var entry = new Entry(TypeNames.Unique(StemOf(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), _codecNames), kind.Value);
        _entries.Add(key, entry);
        _ordered.Add(entry);

        entry.Spec = kind.Value switch
        {
            WireKind.Nullable => ParseNullable((INamedTypeSymbol)type, entry, out error),
            WireKind.Array => ParseArray((IArrayTypeSymbol)type, entry, out error),
            WireKind.List or WireKind.ReadOnlyList => ParseList((INamedTypeSymbol)type, entry, out error),
            WireKind.Dictionary => ParseDictionary((INamedTypeSymbol)type, entry, out error),
            _ => ParseObject((INamedTypeSymbol)type, entry, out error),
        };
        entry.Error = error;
        return error is null ? entry : null;
    }

    private WireKind? CompositeKind(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.Rank == 1 && array.IsSZArray ? WireKind.Array : null;
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return WireKind.Nullable;
        }

        if (IsGeneric(type, "System.Collections.Generic.List`1", out _))
        {
            return WireKind.List;
        }

        if (IsGeneric(type, "System.Collections.Generic.IReadOnlyList`1", out _))
        {
            return WireKind.ReadOnlyList;
        }

        if (IsGeneric(type, "System.Collections.Generic.Dictionary`2", out _))
        {
            return WireKind.Dictionary;
        }

        return WhyNotObject(type) is null ? WireKind.Object : null;
    }

    private WireTypeError? WhyNotObject(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is a multi-dimensional array; use a jagged array (T[][]) instead", false);
        }

        if (type is not INamedTypeSymbol named || (named.TypeKind != TypeKind.Class && named.TypeKind != TypeKind.Struct))
        {
            return Unsupported(type);
        }

        if (named.IsAbstract || named.IsStatic)
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is abstract, so the receiver could not create it; use a concrete type", false);
        }

        if (named.IsRefLikeType || IsInSystemNamespace(named) || named.TypeArguments.Any(t => t.TypeKind == TypeKind.TypeParameter))
        {
            return Unsupported(type);
        }

        if (named.IsFileLocal)
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is file-local, so the generated code in another file cannot use it; make it internal or public", false);
        }

        if (!_compilation.IsSymbolAccessibleWithin(named, _contract))
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is not accessible from the contract; make it internal or public", false);
        }

        return null;
    }

    private WireTypeSpec? ParseNullable(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var inner = Parse(type.TypeArguments[0], out error);
        return inner is null ? null : new WireTypeSpec(entry.Codec, TypeNames.ForCode(type), WireKind.Nullable, false, inner, null, string.Empty, EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseArray(IArrayTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var element = Parse(type.ElementType, out error);
        return element is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Array, true, element, null, ArrayCreation(type.ElementType), EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseList(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var elementType = type.TypeArguments[0];
        var element = Parse(elementType, out error);
        if (element is null)
        {
            return null;
        }

        // A read-only list is read back as an array, which is the cheapest IReadOnlyList<T>.
        var creation = entry.Kind == WireKind.List ? TypeNames.ForCodeNotAnnotated(type) : ArrayCreation(elementType);
        return new WireTypeSpec(entry.Codec, MethodType(type), entry.Kind, true, element, null, creation, EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseDictionary(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var keyType = type.TypeArguments[0];
        if (keyType.NullableAnnotation == NullableAnnotation.Annotated)
        {
            error = new WireTypeError(TypeNames.ForMessage(keyType), "is a nullable dictionary key; dictionary keys cannot be null", false);
            return null;
        }

        var key = Parse(keyType, out error);
        if (key is null)
        {
            return null;
        }

        var value = Parse(type.TypeArguments[1], out error);
        return value is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Dictionary, true, value, key, TypeNames.ForCodeNotAnnotated(type), EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseObject(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        error = null;
        var properties = WireProperties(type);
        var constructor = ChooseConstructor(type, properties);
        if (constructor is null)
        {
            error = new WireTypeError(
                TypeNames.ForMessage(type),
                "has no accessible constructor whose parameters all match its public properties, and no accessible parameterless constructor; add one, or give the properties init accessors",
                false);
            return null;
        }

        var setsRequiredMembers = constructor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        var locals = new HashSet<string>(ReservedLocals, StringComparer.Ordinal);
        var fields = new List<WireFieldSpec>();
        foreach (var property in properties)
        {
            var parameter = constructor.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            var settable = property.SetMethod is { } setter && _compilation.IsSymbolAccessibleWithin(setter, _contract);
            if (parameter is null && !settable)
            {
                // A computed property: nothing could set it on the receiving side.
                continue;
            }

            var path = type.Name + "." + property.Name;
            var write = Parse(property.Type, out error);
            if (write is null)
            {
                error = error?.Through(path);
                return null;
            }

            var read = parameter is null ? write : Parse(parameter.Type, out error);
            if (read is null)
            {
                error = error?.Through(path);
                return null;
            }

            var local = TypeNames.Escape(TypeNames.Unique(TypeNames.LocalFor(property.Name), locals));
            var position = parameter is null ? -1 : constructor.Parameters.IndexOf(parameter);
            var inInitializer = parameter is null || (property.IsRequired && !setsRequiredMembers);
            fields.Add(new WireFieldSpec(TypeNames.Escape(property.Name), local, write, read, position, inInitializer));
        }

        return new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Object, type.IsReferenceType, null, null, TypeNames.ForCodeNotAnnotated(type), fields.ToEquatableArray());
    }

    /// <summary>Public readable instance properties, base type's first, each name once (the most derived wins).</summary>
    private List<IPropertySymbol> WireProperties(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        var properties = new List<IPropertySymbol>();
        foreach (var declaring in chain)
        {
            foreach (var property in declaring.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is null || !_compilation.IsSymbolAccessibleWithin(property.GetMethod, _contract))
                {
                    continue;
                }

                var index = properties.FindIndex(p => p.Name == property.Name);
                if (index >= 0)
                {
                    properties[index] = property;
                }
                else
                {
                    properties.Add(property);
                }
            }
        }

        return properties;
    }

    /// <summary>The accessible constructor with the most parameters that all match properties by name and type.</summary>
    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!_compilation.IsSymbolAccessibleWithin(constructor, _contract)
                || (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type)))
            {
                continue;
            }

            var matches = constructor.Parameters.All(parameter =>
                parameter.RefKind == RefKind.None
                && properties.Count(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                                         && SymbolEqualityComparer.Default.Equals(p.Type, parameter.Type)) == 1);
            var distinct = constructor.Parameters.Select(p => p.Name.ToUpperInvariant()).Distinct().Count() == constructor.Parameters.Length;
            if (matches && distinct && (best is null || constructor.Parameters.Length > best.Parameters.Length))
            {
                best = constructor;
            }
        }

        return best;
    }

    /// <summary>The type codec methods take and return: reference types nullable, since null travels as a flag.</summary>
    private static string MethodType(ITypeSymbol type)
        => type.IsReferenceType ? TypeNames.ForCodeNotAnnotated(type) + "?" : TypeNames.ForCode(type);

    /// <summary>An array creation expression with <c>{0}</c> for the length; jagged arrays put the length first.</summary>
    private static string ArrayCreation(ITypeSymbol elementType)
    {
        var ranks = "";
        var innermost = elementType;
        while (innermost is IArrayTypeSymbol nested)
        {
            ranks += "[]";
            innermost = nested.ElementType;
        }

        return "new " + TypeNames.ForCode(innermost) + "[{0}]" + ranks;
    }

    private static string StemOf(ITypeSymbol type)
    {
        var prefix = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated ? "Nullable" : "";
        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                return prefix + "ByteArray";
            case IArrayTypeSymbol array:
                return prefix + "ArrayOf" + StemOf(array.ElementType);
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return "Nullable" + StemOf(nullable.TypeArguments[0]);
            case INamedTypeSymbol named when IsGeneric(named, "System.ReadOnlyMemory`1", out _):
                return "Bytes";
            case INamedTypeSymbol named when IsGeneric(named, "System.Collections.Generic.IReadOnlyList`1", out _):
                return prefix + "ReadOnlyListOf" + StemOf(named.TypeArguments[0]);
            case INamedTypeSymbol named when named.TypeArguments.Length > 0:
                var name = named.Name == "Dictionary" && named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic" ? "Dictionary" : named.Name;
                return prefix + name + "Of" + string.Join("And", named.TypeArguments.Select(StemOf));
            default:
                return prefix + type.Name;
        }
    }

    private static string? ScalarName(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Char:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return type.Name;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            && type.Name is "Guid" or "DateTimeOffset" or "TimeSpan")
        {
            return type.Name;
        }

        return null;
    }

    private static bool IsGeneric(ITypeSymbol type, string metadataName, out IReadOnlyList<ITypeSymbol> arguments)
    {
        arguments = [];
        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        var name = definition.ContainingNamespace is null || definition.ContainingNamespace.IsGlobalNamespace
            ? definition.MetadataName
            : definition.ContainingNamespace.ToDisplayString() + "." + definition.MetadataName;
        if (name != metadataName)
        {
            return false;
        }

        arguments = named.TypeArguments;
        return true;
    }

    private static bool IsInSystemNamespace(INamedTypeSymbol type)
    {
        var outermost = type.ContainingNamespace;
        while (outermost is { ContainingNamespace.IsGlobalNamespace: false })
        {
            outermost = outermost.ContainingNamespace;
        }

        return outermost is { IsGlobalNamespace: false, Name: "System" };
    }

    private static WireTypeError Unsupported(ITypeSymbol type)
        => new(TypeNames.ForMessage(type), "is not a type the wire format carries; use " + SupportedTypes, false);

    /// <summary>A composite type's codec: its name is fixed when parsing starts, its spec when it ends.</summary>
    private sealed class Entry(string codec, WireKind kind)
    {
        public string Codec { get; } = codec;

        public WireKind Kind { get; } = kind;

        public WireTypeSpec? Spec { get; set; }

        public WireTypeError? Error { get; set; }
    }
}
