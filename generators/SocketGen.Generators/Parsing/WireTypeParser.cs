using Microsoft.CodeAnalysis;
using SocketGen.Generators.Diagnostics;
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
        "primitives, string, byte[], ReadOnlyMemory<byte>, enums, DateOnly, TimeOnly, Half, Int128, UInt128, value tuples, " +
        "arrays, List<T>, IReadOnlyList<T>, ImmutableArray<T>, HashSet<T>, IEnumerable<T>, IReadOnlyCollection<T>, " +
        "Dictionary<TKey, TValue>, and records, classes or structs with public properties";

    /// <summary>ValueTuple's constructor takes at most seven elements; an eighth nests in <c>Rest</c>.</summary>
    private const int MaxTupleElements = 7;

    private const string WireDerivedAttributeName = "SocketGen.WireDerivedAttribute";

    private static readonly string[] ReservedLocals = ["reader", "writer", "value", "scope", "token", "fieldCount", "refusal", "wireTag", "valueType"];

    private readonly INamedTypeSymbol _contract;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _ordered = [];
    private readonly HashSet<string> _codecNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _objectCodecs = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, EnumSpec> _enums = new(StringComparer.Ordinal);

    public WireTypeParser(INamedTypeSymbol contract, Compilation compilation, CancellationToken cancellationToken)
    {
        _contract = contract;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The composite types parsed so far, in order of discovery.</summary>
    public EquatableArray<WireTypeSpec> Types
        => _ordered.Where(e => e.Spec is not null)
            .Select(e => _objectCodecs.Contains(e.Codec) ? e.Spec! with { HasObjectMethods = true } : e.Spec!)
            .ToEquatableArray();

    /// <summary>Errors in <c>[WireDerived]</c> declarations met so far (SG0050, SG0051), located on the attributes.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

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
            error = new WireTypeError(TypeNames.ForMessage(type), "does not resolve", isSilent: true);
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
        if (type is INamedTypeSymbol { IsTupleType: true, TupleUnderlyingType: { } unnamed })
        {
            // Element names never reach the wire: (int A, int B) and (int, int) share one pair of codec methods.
            type = unnamed;
        }

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
            WireKind.ImmutableArray or WireKind.Sequence => ParseArrayLike((INamedTypeSymbol)type, entry, out error),
            WireKind.Set => ParseSet((INamedTypeSymbol)type, entry, out error),
            WireKind.Tuple => ParseTuple((INamedTypeSymbol)type, entry, out error),
            WireKind.Polymorphic => ParsePolymorphic((INamedTypeSymbol)type, entry, out error),
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

        if (IsGeneric(type, "System.Collections.Generic.HashSet`1", out _))
        {
            return WireKind.Set;
        }

        if (IsGeneric(type, "System.Collections.Immutable.ImmutableArray`1", out _))
        {
            return WireKind.ImmutableArray;
        }

        if (IsGeneric(type, "System.Collections.Generic.IEnumerable`1", out _)
            || IsGeneric(type, "System.Collections.Generic.IReadOnlyCollection`1", out _))
        {
            return WireKind.Sequence;
        }

        if (named.IsTupleType)
        {
            return named.TupleElements.Length <= MaxTupleElements ? WireKind.Tuple : null;
        }

        if (DerivedDeclarations(named).Count > 0)
        {
            return WhyNotObject(type, allowAbstract: true) is null ? WireKind.Polymorphic : null;
        }

        return WhyNotObject(type) is null ? WireKind.Object : null;
    }

    private static List<AttributeData> DerivedDeclarations(INamedTypeSymbol type)
        => type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == WireDerivedAttributeName).ToList();

    private WireTypeError? WhyNotObject(ITypeSymbol type, bool allowAbstract = false)
    {
        if (type is INamedTypeSymbol polymorphic && !allowAbstract && DerivedDeclarations(polymorphic).Count > 0)
        {
            return WhyNotObject(type, allowAbstract: true);
        }

        if (type is INamedTypeSymbol { IsTupleType: true })
        {
            return new WireTypeError(TypeNames.ForMessage(type), $"is a tuple of more than {MaxTupleElements} elements; use a record", false);
        }

        if (type is IArrayTypeSymbol)
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is a multi-dimensional array; use a jagged array (T[][]) instead", false);
        }

        if (type is not INamedTypeSymbol named || (named.TypeKind != TypeKind.Class && named.TypeKind != TypeKind.Struct))
        {
            return Unsupported(type);
        }

        if (named.IsStatic || (named.IsAbstract && !allowAbstract))
        {
            return new WireTypeError(TypeNames.ForMessage(type), "is abstract, so the receiver could not create it; use a concrete type, or declare the types derived from it with [WireDerived(typeof(Derived), tag)]", false);
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
        error = error?.Through("[]");
        return element is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Array, true, element, null, ArrayCreation(type.ElementType), EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseList(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var elementType = type.TypeArguments[0];
        var element = Parse(elementType, out error);
        if (element is null)
        {
            error = error?.Through("[]");
            return null;
        }

        // A read-only list is read back as an array, which is the cheapest IReadOnlyList<T>.
        var creation = entry.Kind == WireKind.List ? TypeNames.ForCodeNotAnnotated(type) : ArrayCreation(elementType);
        return new WireTypeSpec(entry.Codec, MethodType(type), entry.Kind, true, element, null, creation, EquatableArray<WireFieldSpec>.Empty);
    }

    /// <summary>An immutable array or a sequence: written like an array and read back into one.</summary>
    private WireTypeSpec? ParseArrayLike(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var elementType = type.TypeArguments[0];
        var element = Parse(elementType, out error);
        error = error?.Through("[]");
        return element is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), entry.Kind, type.IsReferenceType, element, null, ArrayCreation(elementType), EquatableArray<WireFieldSpec>.Empty);
    }

    private WireTypeSpec? ParseSet(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var element = Parse(type.TypeArguments[0], out error);
        error = error?.Through("[]");
        return element is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Set, true, element, null, TypeNames.ForCodeNotAnnotated(type), EquatableArray<WireFieldSpec>.Empty);
    }

    /// <summary>A value tuple: its elements are the fields of an object, fed to ValueTuple's constructor in order.</summary>
    private WireTypeSpec? ParseTuple(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var errors = new List<WireTypeError?>();
        var fields = new List<WireFieldSpec>();
        var elementTypes = new List<string>();
        for (var i = 0; i < type.TupleElements.Length; i++)
        {
            var element = type.TupleElements[i];
            var value = Parse(element.Type, out var elementError);
            if (value is null)
            {
                errors.Add(elementError?.Through("." + element.Name));
                continue;
            }

            var position = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields.Add(new WireFieldSpec("Item" + position, "item" + position, value, value, i, false));
            elementTypes.Add(TypeNames.ForCode(element.Type));
        }

        error = WireTypeError.Combine(errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var creation = "global::System.ValueTuple<" + string.Join(", ", elementTypes) + ">";
        return new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Tuple, false, null, null, creation, fields.ToEquatableArray());
    }

    private WireTypeSpec? ParseDictionary(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var keyType = type.TypeArguments[0];
        WireValueSpec? key = null;
        WireTypeError? keyError;
        if (keyType.NullableAnnotation == NullableAnnotation.Annotated)
        {
            keyError = new WireTypeError(TypeNames.ForMessage(keyType), "is a nullable dictionary key; dictionary keys cannot be null, so make the key type non-nullable", false);
        }
        else
        {
            key = Parse(keyType, out keyError);
        }

        var value = Parse(type.TypeArguments[1], out var valueError);
        error = WireTypeError.Combine([keyError?.Through(".Keys[]"), valueError?.Through(".Values[]")]);
        return key is null || value is null ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Dictionary, true, value, key, TypeNames.ForCodeNotAnnotated(type), EquatableArray<WireFieldSpec>.Empty);
    }

    /// <summary>
    /// A base type with <c>[WireDerived]</c> declarations: each declared type is parsed as an object of its own, and
    /// the base as one too unless it is abstract. Declaration errors get their own diagnostics (SG0050, SG0051)
    /// and make the type fail silently, so SG0007 does not repeat them.
    /// </summary>
    private WireTypeSpec? ParsePolymorphic(INamedTypeSymbol type, Entry entry, out WireTypeError? error)
    {
        var errors = new List<WireTypeError?>();
        var derived = new List<WireDerivedSpec>();
        var tags = new Dictionary<int, INamedTypeSymbol>();
        var declared = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var attribute in DerivedDeclarations(type))
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? Location.None;
            if (attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol derivedType
                || derivedType.TypeKind == TypeKind.Error
                || attribute.ConstructorArguments[1].Value is not int tag)
            {
                // typeof of a type that does not resolve, or a missing argument: the compiler reports it.
                errors.Add(new WireTypeError(TypeNames.ForMessage(type), "declares a derived type that does not resolve", isSilent: true));
                continue;
            }

            var why = WhyNotDerived(type, derivedType, declared);
            if (why is not null)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.BadDerivedType, location, TypeNames.ForMessage(derivedType), TypeNames.ForMessage(type), why));
                errors.Add(new WireTypeError(TypeNames.ForMessage(derivedType), why, isSilent: true));
                continue;
            }

            var tagProblem = tag < 1 ? "is not 1 or more; tag 0 is the base type itself, so number derived types from 1"
                : tags.TryGetValue(tag, out var holder) ? $"is also the tag of '{TypeNames.ForMessage(holder)}'; give each derived type its own tag, and never reuse the tag of a removed one"
                : null;
            if (tagProblem is not null)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.BadDerivedTag, location, tag, TypeNames.ForMessage(derivedType), TypeNames.ForMessage(type), tagProblem));
                errors.Add(new WireTypeError(TypeNames.ForMessage(derivedType), tagProblem, isSilent: true));
                continue;
            }

            tags.Add(tag, derivedType);
            var derivedEntry = ParseComposite(derivedType, out var derivedError);
            if (derivedEntry is null)
            {
                errors.Add(derivedError?.Through("(" + TypeNames.ForMessage(derivedType) + ")"));
                continue;
            }

            _objectCodecs.Add(derivedEntry.Codec);
            derived.Add(new WireDerivedSpec(tag, TypeNames.ForCodeNotAnnotated(derivedType), derivedEntry.Codec));
        }

        var fields = EquatableArray<WireFieldSpec>.Empty;
        if (!type.IsAbstract)
        {
            var own = ParseObject(type, entry, out var ownError);
            errors.Add(ownError);
            fields = own?.Fields ?? fields;
        }

        error = WireTypeError.Combine(errors);
        return error is not null ? null : new WireTypeSpec(
            entry.Codec, MethodType(type), WireKind.Polymorphic, true, null, null, TypeNames.ForCodeNotAnnotated(type), fields,
            derived.OrderBy(d => d.Tag).ToEquatableArray(), IsConcreteBase: !type.IsAbstract);
    }

    /// <summary>
    /// An exception type declared with <c>[Fault]</c>: its data is its public properties below
    /// <see cref="Exception"/>, parsed as an object's. Returns the codec stem, or null with the reason.
    /// </summary>
    public WireFaultSpec? ParseFault(INamedTypeSymbol type, out string? why)
    {
        why = null;
        var isException = false;
        for (var current = type.BaseType; current is not null && !isException; current = current.BaseType)
        {
            isException = IsException(current);
        }

        if (!isException)
        {
            why = "it does not derive from System.Exception";
        }
        else if (type.IsAbstract || type.IsGenericType)
        {
            why = "it is abstract or generic; declare each concrete exception type the method throws";
        }
        else
        {
            var entry = ParseComposite(type, out var error);
            if (entry is not null && entry.Kind == WireKind.Object)
            {
                _objectCodecs.Add(entry.Codec);
                return new WireFaultSpec(TypeNames.ForCodeNotAnnotated(type), RuntimeFullName(type), entry.Codec);
            }

            why = error is null ? "its data cannot travel" : "its data cannot travel: " + error.Describe(TypeNames.ForMessage(type));
        }

        return null;
    }

    private static bool IsException(INamedTypeSymbol type)
        => type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>The name <c>Type.FullName</c> gives at run time: namespace, then nested types joined by '+'.</summary>
    private static string RuntimeFullName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    /// <summary>Why <paramref name="derived"/> cannot be declared a derived type of <paramref name="type"/>, or null.</summary>
    private static string? WhyNotDerived(INamedTypeSymbol type, INamedTypeSymbol derived, HashSet<INamedTypeSymbol> declared)
    {
        var inherits = false;
        for (var current = derived.BaseType; current is not null && !inherits; current = current.BaseType)
        {
            inherits = SymbolEqualityComparer.Default.Equals(current, type);
        }

        if (!inherits)
        {
            return $"it does not derive from '{TypeNames.ForMessage(type)}'";
        }

        if (derived.IsAbstract)
        {
            return "it is abstract, so the receiver could not create it; declare its concrete derived types instead";
        }

        if (derived.IsUnboundGenericType || derived.TypeArguments.Any(t => t.TypeKind == TypeKind.TypeParameter))
        {
            return "it is an open generic type; declare each closed type you send";
        }

        if (DerivedDeclarations(derived).Count > 0)
        {
            return $"it declares derived types of its own; declare every derived type on '{TypeNames.ForMessage(type)}' and remove [WireDerived] from '{TypeNames.ForMessage(derived)}'";
        }

        if (!declared.Add(derived))
        {
            return "it is declared twice; one tag per type";
        }

        return null;
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
        var errors = new List<WireTypeError?>();
        foreach (var property in properties)
        {
            var parameter = constructor.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            var settable = property.SetMethod is { } setter && _compilation.IsSymbolAccessibleWithin(setter, _contract);
            if (parameter is null && !settable)
            {
                // A computed property: nothing could set it on the receiving side.
                continue;
            }

            // Every property is parsed, even after one fails, so that the diagnostic names all that cannot travel.
            var write = Parse(property.Type, out var writeError);
            var read = parameter is null || write is null ? write : Parse(parameter.Type, out writeError);
            if (write is null || read is null)
            {
                errors.Add(writeError?.Through("." + property.Name));
                continue;
            }

            var local = TypeNames.Escape(TypeNames.Unique(TypeNames.LocalFor(property.Name), locals));
            var position = parameter is null ? -1 : constructor.Parameters.IndexOf(parameter);
            var inInitializer = parameter is null || (property.IsRequired && !setsRequiredMembers);
            fields.Add(new WireFieldSpec(TypeNames.Escape(property.Name), local, write, read, position, inInitializer));
        }

        error = WireTypeError.Combine(errors);
        return errors.Count > 0 ? null : new WireTypeSpec(entry.Codec, MethodType(type), WireKind.Object, type.IsReferenceType, null, null, TypeNames.ForCodeNotAnnotated(type), fields.ToEquatableArray());
    }

    /// <summary>Public readable instance properties, base type's first, each name once (the most derived wins).</summary>
    private List<IPropertySymbol> WireProperties(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        // An exception's data is what its own type declares: System.Exception's members (message, stack, inner
        // exception) are the server's business (wire-format §5.3).
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType) && !IsException(current); current = current.BaseType)
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

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            && type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly" or "Half" or "Int128" or "UInt128")
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
        => new(TypeNames.ForMessage(type), "is not a type the wire format carries; " + Alternative(type), false);

    /// <summary>What to use instead of a type the wire does not carry: the closest type it does carry.</summary>
    private static string Alternative(ITypeSymbol type)
    {
        if (type.SpecialType is SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return "the receiver would not know what to create, so use a concrete type (a record with the fields you need)";
        }

        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return "an address means nothing in another process, so send the data it points to, or a long";
        }

        switch (type.OriginalDefinition.ToDisplayString())
        {
            case "System.Uri" or "System.Version":
                return "send its text as a string";
            case "System.Type":
                return "send the type's name as a string";
            case "System.Numerics.BigInteger":
                return "use Int128 or UInt128, or its bytes as byte[]";
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return "code cannot travel, so send the data and let the receiver act on it";
        }

        if (type.IsRefLikeType || type.OriginalDefinition.ToDisplayString() is "System.Memory<T>" or "System.ReadOnlyMemory<T>")
        {
            return "use T[] (or ReadOnlyMemory<byte> for bytes)";
        }

        if (type.AllInterfaces.Concat(type is INamedTypeSymbol { TypeKind: TypeKind.Interface } self ? [self] : [])
            .Any(i => i.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>"))
        {
            return "use Dictionary<TKey, TValue>";
        }

        if (type.AllInterfaces.Concat(type is INamedTypeSymbol { TypeKind: TypeKind.Interface } iface ? [iface] : [])
            .Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))
        {
            return "use T[], List<T>, IReadOnlyList<T>, IEnumerable<T>, ImmutableArray<T> or HashSet<T>";
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return "the receiver could not create an interface, so use a concrete type";
        }

        return "use " + SupportedTypes;
    }

    /// <summary>A composite type's codec: its name is fixed when parsing starts, its spec when it ends.</summary>
    private sealed class Entry(string codec, WireKind kind)
    {
        public string Codec { get; } = codec;

        public WireKind Kind { get; } = kind;

        public WireTypeSpec? Spec { get; set; }

        public WireTypeError? Error { get; set; }
    }
}
