namespace SocketGen.Generators.Specs;

/// <summary>How a type is written to the wire (see docs/internals/generated-code-api.md).</summary>
internal enum WireKind
{
    /// <summary>A primitive with its own reader/writer method (<c>WriteInt32</c>, <c>ReadGuid</c>, ...).</summary>
    Scalar,

    /// <summary>An enum, written as its underlying scalar.</summary>
    Enum,

    /// <summary><c>string</c>: the writer encodes null itself.</summary>
    String,

    /// <summary><c>byte[]</c>: the writer encodes null itself.</summary>
    ByteArray,

    /// <summary><c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
    Bytes,

    /// <summary><c>Nullable&lt;T&gt;</c>: a has-value flag, then the value.</summary>
    Nullable,

    /// <summary>A one-dimensional array.</summary>
    Array,

    /// <summary><c>List&lt;T&gt;</c>.</summary>
    List,

    /// <summary><c>IReadOnlyList&lt;T&gt;</c>, read back as an array.</summary>
    ReadOnlyList,

    /// <summary><c>Dictionary&lt;TKey, TValue&gt;</c>.</summary>
    Dictionary,

    /// <summary>A record, class or struct: its public properties in declaration order.</summary>
    Object,

    /// <summary>A value tuple: its elements in order, framed like an object.</summary>
    Tuple,

    /// <summary><c>ImmutableArray&lt;T&gt;</c>: exactly as an array; a default (uninitialized) one is the absent one.</summary>
    ImmutableArray,

    /// <summary><c>HashSet&lt;T&gt;</c>: a count and the elements; a repeated element is refused when read.</summary>
    Set,

    /// <summary><c>IEnumerable&lt;T&gt;</c> or <c>IReadOnlyCollection&lt;T&gt;</c>: a count and the elements, read back as an array.</summary>
    Sequence,

    /// <summary>A class or record with <c>[WireDerived]</c> types: a tag naming the concrete type, then that type as an object.</summary>
    Polymorphic,
}

/// <summary>
/// A value at one place it is used (a parameter, a result, an element, a property): its type as declared
/// there and how to write and read it.
/// </summary>
/// <param name="Type">The type as declared at this place, <c>global::</c>-qualified with nullable annotations.</param>
/// <param name="Kind">How it travels.</param>
/// <param name="Codec">The scalar method suffix (<c>Int32</c>) for scalars and enums; the codec stem of a composite type otherwise.</param>
/// <param name="EnumUnderlyingType">For an enum, its underlying type's keyword.</param>
/// <param name="ForgivesNull">Whether a read must be marked <c>!</c>: a reference type declared non-nullable, whose codec returns a nullable value.</param>
internal sealed record WireValueSpec(string Type, WireKind Kind, string Codec, string? EnumUnderlyingType, bool ForgivesNull)
{
    /// <summary>Whether the value has its own codec methods (<c>Write{Codec}</c>/<c>Read{Codec}</c>).</summary>
    public bool IsComposite => Kind is not (WireKind.Scalar or WireKind.Enum or WireKind.String or WireKind.ByteArray or WireKind.Bytes);
}

/// <summary>A composite type with its own pair of codec methods in the codecs class.</summary>
/// <param name="Codec">The stem of the method names: <c>WritePoint</c>/<c>ReadPoint</c> for <c>Point</c>.</param>
/// <param name="Type">The type the methods take and return (nullable for reference types: null travels as a flag).</param>
/// <param name="Kind">How it travels.</param>
/// <param name="IsReferenceType">Whether a has-value flag precedes the value.</param>
/// <param name="Element">The element (array, list, set, sequence), the value (dictionary) or the underlying value (Nullable).</param>
/// <param name="Key">The dictionary key.</param>
/// <param name="Creation">For arrays, read-only lists, immutable arrays and sequences, the array creation expression with <c>{0}</c> for the length; for lists, sets, dictionaries, objects and tuples, the type to create.</param>
/// <param name="Fields">An object's fields, a tuple's elements, or a concrete polymorphic base's own fields, in wire order.</param>
/// <param name="Derived">A polymorphic base's declared derived types, by tag.</param>
/// <param name="IsConcreteBase">Whether a polymorphic base can itself travel (tag 0); false for an abstract base.</param>
/// <param name="HasObjectMethods">
/// Whether an object also gets <c>Write{Codec}Object</c>/<c>Read{Codec}Object</c>, which write and read it without the
/// presence byte: a polymorphic base's codec calls them after the tag.
/// </param>
internal sealed record WireTypeSpec(
    string Codec,
    string Type,
    WireKind Kind,
    bool IsReferenceType,
    WireValueSpec? Element,
    WireValueSpec? Key,
    string Creation,
    EquatableArray<WireFieldSpec> Fields,
    EquatableArray<WireDerivedSpec> Derived = default,
    bool IsConcreteBase = false,
    bool HasObjectMethods = false);

/// <summary>A concrete type a polymorphic base travels as.</summary>
/// <param name="Tag">Its tag on the wire.</param>
/// <param name="Type">The type, <c>global::</c>-qualified.</param>
/// <param name="Codec">The stem of its object codec methods.</param>
internal sealed record WireDerivedSpec(int Tag, string Type, string Codec);

/// <summary>One field of an object (a public property) or one element of a tuple.</summary>
/// <param name="PropertyName">The property's name, escaped when it is a keyword; <c>Item1</c>, <c>Item2</c>, ... for a tuple.</param>
/// <param name="LocalName">The local variable a decoder reads the field into.</param>
/// <param name="Write">The property's value, as written.</param>
/// <param name="Read">The value as read back: typed like the constructor parameter it feeds, or like the property.</param>
/// <param name="ConstructorPosition">The position of the constructor parameter it feeds, or -1.</param>
/// <param name="InInitializer">Whether an object initializer sets it (no constructor parameter feeds it, or it is required).</param>
internal sealed record WireFieldSpec(string PropertyName, string LocalName, WireValueSpec Write, WireValueSpec Read, int ConstructorPosition, bool InInitializer);

/// <summary>An exception type declared with <c>[Fault]</c>: written and read with its object codec methods.</summary>
/// <param name="Type">The exception type, <c>global::</c>-qualified.</param>
/// <param name="FullName">Its runtime full name (<c>Type.FullName</c>), which error frames carry.</param>
/// <param name="Codec">The stem of its object codec methods.</param>
internal sealed record WireFaultSpec(string Type, string FullName, string Codec);
