using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketGen.Generators.Parsing;

/// <summary>How the parser turns symbols into the strings the specs hold.</summary>
internal static class TypeNames
{
    /// <summary>For generated code: <c>global::</c>-qualified, keywords for special types, nullable annotations kept.</summary>
    public static readonly SymbolDisplayFormat Code = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// For method ids: namespace-qualified without <c>global::</c> and without nullable reference annotations.
    /// Tuples show as <c>System.ValueTuple&lt;int, string&gt;</c>: their element names never reach the wire, so
    /// renaming one must not change a method's id.
    /// </summary>
    public static readonly SymbolDisplayFormat Canonical = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>For messages: short names, the way the compiler's own errors show types.</summary>
    public static readonly SymbolDisplayFormat Message = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <summary>The type as generated code writes it.</summary>
    public static string ForCode(ITypeSymbol type) => type.ToDisplayString(Code);

    /// <summary>The type as generated code writes it, without a top-level nullable reference annotation.</summary>
    public static string ForCodeNotAnnotated(ITypeSymbol type)
        => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(Code);

    /// <summary>The type as a message shows it.</summary>
    public static string ForMessage(ITypeSymbol type) => type.ToDisplayString(Message);

    /// <summary>An identifier as code writes it: <c>@class</c> for a keyword.</summary>
    public static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>A local variable name for a property: camelCase, escaped.</summary>
    public static string LocalFor(string propertyName)
    {
        if (propertyName.Length == 0)
        {
            return "field";
        }

        var camel = char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1);
        return camel;
    }

    /// <summary>
    /// <paramref name="candidate"/>, or with a numeric suffix when <paramref name="taken"/> already holds it;
    /// the result is added to <paramref name="taken"/>.
    /// </summary>
    public static string Unique(string candidate, ISet<string> taken)
    {
        var name = candidate;
        for (var suffix = 2; !taken.Add(name); suffix++)
        {
            name = candidate + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>A declared accessibility as C# writes it.</summary>
    public static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "internal",
    };
}
