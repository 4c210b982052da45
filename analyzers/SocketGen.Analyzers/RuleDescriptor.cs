using System.Resources;
using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers;

/// <summary>
/// The one place SocketGen's diagnostic descriptors are built, so every rule gets the same help link
/// (its docs/rules/&lt;ID&gt;.md page), the same categories, localizable text from Resources.resx, and is
/// enabled by default with a severity that .editorconfig can change.
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

    private static readonly ResourceManager s_resources = new("SocketGen.Analyzers.Resources", typeof(RuleDescriptor).Assembly);

    /// <summary>The help link of rule <paramref name="id"/>: its page under docs/rules.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>
    /// Builds the descriptor of rule <paramref name="id"/>, whose title, message format and description are the
    /// resources <c>{id}Title</c>, <c>{id}MessageFormat</c> and <c>{id}Description</c>.
    /// </summary>
    /// <param name="id">The rule id, one of <see cref="RuleIds"/>.</param>
    /// <param name="category">One of the category constants of this class.</param>
    /// <param name="severity">The default severity.</param>
    public static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity)
        => new(
            id,
            Text(id + "Title"),
            Text(id + "MessageFormat"),
            category,
            severity,
            isEnabledByDefault: true,
            description: Text(id + "Description"),
            helpLinkUri: HelpLink(id));

    /// <summary>The resource <paramref name="name"/>, formatted with <paramref name="arguments"/> in the reader's culture when shown.</summary>
    public static LocalizableString Text(string name, params string[] arguments)
        => new LocalizableResourceString(name, s_resources, typeof(RuleDescriptor), arguments);
}
