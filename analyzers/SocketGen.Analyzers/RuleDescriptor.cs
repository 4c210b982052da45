using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers;

/// <summary>
/// The one place SocketGen's diagnostic descriptors are built, so every rule gets the same help link
/// (its docs/rules/&lt;ID&gt;.md page), the same categories and is enabled by default with a severity
/// that .editorconfig can change.
/// </summary>
internal static class RuleDescriptor
{
    /// <summary>Where the rule pages live; the id and ".md" are appended.</summary>
    public const string HelpLinkBase = "https://github.com/socketgen/socketgen/blob/main/docs/rules/";

    /// <summary>Category of rules about socket misuse that fails at run time.</summary>
    public const string Reliability = "Reliability";

    /// <summary>Category of rules about API usage that works but badly.</summary>
    public const string Usage = "Usage";

    /// <summary>Category of rules about native interop declarations and calls.</summary>
    public const string Interoperability = "Interoperability";

    /// <summary>The help link of rule <paramref name="id"/>.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>Builds the descriptor of rule <paramref name="id"/>.</summary>
    /// <param name="id">The rule id, such as SG1001.</param>
    /// <param name="title">A short title, no trailing period.</param>
    /// <param name="messageFormat">The message, with composite-format placeholders, no trailing period.</param>
    /// <param name="category">One of the category constants of this class.</param>
    /// <param name="severity">The default severity.</param>
    /// <param name="description">A longer description, ending with a period.</param>
    public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description)
        => new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));
}
