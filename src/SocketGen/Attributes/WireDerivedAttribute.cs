namespace SocketGen;

/// <summary>
/// Declares a type derived from the attributed class or record that may travel where the base type is
/// declared, with the tag that names it on the wire. A value whose type is not declared cannot be sent:
/// writing it throws instead of silently dropping the derived type's data.
/// </summary>
/// <remarks>
/// Put every derived type on the base that contracts use, grandchildren too. Tags are part of the wire
/// format: never reuse or renumber one; 0 is the base type itself.
/// </remarks>
/// <example>
/// <code>
/// [WireDerived(typeof(Circle), 1)]
/// [WireDerived(typeof(Square), 2)]
/// public abstract record Shape(string Name);
/// public sealed record Circle(string Name, double Radius) : Shape(Name);
/// public sealed record Square(string Name, double Side) : Shape(Name);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class WireDerivedAttribute : Attribute
{
    /// <summary>Declares <paramref name="derivedType"/> with its wire tag.</summary>
    /// <param name="derivedType">A concrete type derived from the attributed type.</param>
    /// <param name="tag">Its tag on the wire, 1 or more, unique among the base type's derived types.</param>
    public WireDerivedAttribute(Type derivedType, int tag)
    {
        DerivedType = derivedType;
        Tag = tag;
    }

    /// <summary>The derived type.</summary>
    public Type DerivedType { get; }

    /// <summary>Its tag on the wire.</summary>
    public int Tag { get; }
}
