using System.Globalization;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Evolution;

/// <summary>What a line of the wire baseline describes.</summary>
internal enum WireShapeKind
{
    /// <summary>A contract method: its id, how the call travels and its result's wire type.</summary>
    Method,

    /// <summary>A field of a type that travels: its position and wire type.</summary>
    Field,

    /// <summary>An enum member: its value.</summary>
    EnumMember,
}

/// <summary>
/// One fact of a contract's wire shape, as one line of the baseline file: <c>key = shape</c>. The key names
/// the thing (<c>Kv.IKvStore.GetAsync(string)</c>, <c>Kv.Entry.Value</c>, <c>Kv.Color.Red</c>); the shape
/// is what the other side of a connection depends on (<c>method 3872495566 unary string</c>,
/// <c>field 1 list&lt;int32&gt;</c>, <c>enum 2</c>).
/// </summary>
/// <param name="Kind">What the line describes.</param>
/// <param name="Owner">The contract, type or enum the line belongs to.</param>
/// <param name="Key">The thing's name, unique in the baseline.</param>
/// <param name="Shape">Its wire shape: the kind's word, then the parts that must not change.</param>
internal sealed record WireShapeEntry(WireShapeKind Kind, string Owner, string Key, string Shape)
{
    private static readonly char[] Space = [' '];

    /// <summary>The baseline line.</summary>
    public string Line => Key + " = " + Shape;

    /// <summary>The shape's parts after its kind word: id, call kind and result for a method; position and wire type for a field; the value for an enum member.</summary>
    public string[] Parts => Shape.Split(Space, Kind == WireShapeKind.Method ? 4 : 3);
}

/// <summary>
/// Turns a parsed contract (<see cref="ContractSpec"/>, the generator's own view, so method ids are the ones the
/// generated code uses) into its wire shape entries.
/// </summary>
internal static class WireShape
{
    /// <summary>The entries of <paramref name="contract"/>: its methods, the fields of every type it sends, and the members of every enum.</summary>
    public static IEnumerable<WireShapeEntry> Of(ContractSpec contract)
    {
        var types = new Dictionary<string, WireTypeSpec>(StringComparer.Ordinal);
        foreach (var type in contract.WireTypes)
        {
            types[type.Codec] = type;
        }

        foreach (var method in contract.Methods)
        {
            var nameStart = method.Signature.LastIndexOf(' ', method.Signature.IndexOf('(')) + 1;
            var kind = method.Kind.ToString().ToLowerInvariant();
            var result = method.Result is null ? "void" : Describe(method.Result, types);
            yield return new WireShapeEntry(
                WireShapeKind.Method,
                contract.ContractName,
                contract.ContractName + "." + method.Signature.Substring(nameStart),
                $"method {method.Id.ToString(CultureInfo.InvariantCulture)} {kind} {result}");
        }

        foreach (var type in contract.WireTypes)
        {
            if (type.Kind != WireKind.Object)
            {
                continue;
            }

            var owner = Clean(type.Type);
            for (var i = 0; i < type.Fields.Count; i++)
            {
                var field = type.Fields[i];
                yield return new WireShapeEntry(
                    WireShapeKind.Field,
                    owner,
                    owner + "." + field.PropertyName.TrimStart('@'),
                    $"field {i.ToString(CultureInfo.InvariantCulture)} {Describe(field.Write, types)}");
            }
        }

        foreach (var enumSpec in contract.Enums)
        {
            foreach (var member in enumSpec.Members)
            {
                yield return new WireShapeEntry(WireShapeKind.EnumMember, enumSpec.Name, enumSpec.Name + "." + member.Name, "enum " + member.Value);
            }
        }
    }

    /// <summary>
    /// The wire type of a value: what decides the bytes, not the C# spelling. Arrays, lists and read-only lists
    /// are all a count and the elements (<c>list&lt;...&gt;</c>); a reference type's nullability changes nothing
    /// (null always travels as a flag), a value type's does (<c>int32?</c>); a struct has no null flag, a class does.
    /// </summary>
    private static string Describe(WireValueSpec value, Dictionary<string, WireTypeSpec> types)
    {
        switch (value.Kind)
        {
            case WireKind.Scalar:
                return value.Codec.ToLowerInvariant();
            case WireKind.Enum:
                return "enum " + Clean(value.Type) + " as " + value.Codec.ToLowerInvariant();
            case WireKind.String:
                return "string";
            case WireKind.ByteArray:
                return "byte[]";
            case WireKind.Bytes:
                return "bytes";
        }

        if (!types.TryGetValue(value.Codec, out var type))
        {
            return Clean(value.Type);
        }

        return value.Kind switch
        {
            WireKind.Nullable => Describe(type.Element!, types) + "?",
            WireKind.Array or WireKind.List or WireKind.ReadOnlyList => "list<" + Describe(type.Element!, types) + ">",
            WireKind.Dictionary => "map<" + Describe(type.Key!, types) + ", " + Describe(type.Element!, types) + ">",
            _ => (type.IsReferenceType ? "class " : "struct ") + Clean(type.Type),
        };
    }

    /// <summary>A type's name without <c>global::</c> and nullable reference annotations.</summary>
    private static string Clean(string type) => type.Replace("global::", string.Empty).Replace("?", string.Empty);
}
