using Microsoft.CodeAnalysis;

namespace SocketGen.Generators.Protocols;

/// <summary>The diagnostics about <c>[WireProtocol]</c> declarations (SG4001–SG4007). Each id has a page in docs/rules.</summary>
internal static class ProtocolDiagnosticDescriptors
{
    private const string Category = "SocketGen.Protocols";
    private const string HelpLinkBase = "https://github.com/socketgen/socketgen/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor MissingReference = Create(
        "SG4001", "A member refers to a member that is not an earlier integer", "{0}");

    public static readonly DiagnosticDescriptor UnionWithoutTag = Create(
        "SG4002", "A union needs a tag and cases", "{0}");

    public static readonly DiagnosticDescriptor DelimiterInsideField = Create(
        "SG4003", "The delimiter can occur inside a delimited message's field", "{0}");

    public static readonly DiagnosticDescriptor UnsizedMember = Create(
        "SG4004", "A wire member has no size or an unsupported type", "{0}");

    public static readonly DiagnosticDescriptor OverlappingMember = Create(
        "SG4005", "Wire members overlap or follow a member that takes the rest", "{0}");

    public static readonly DiagnosticDescriptor InvalidFraming = Create(
        "SG4006", "A protocol's framing is missing or does not fit its messages", "{0}");

    public static readonly DiagnosticDescriptor InvalidMessageType = Create(
        "SG4007", "A protocol's message type is not a layout", "{0}");

    /// <summary>Every descriptor.</summary>
    public static IEnumerable<DiagnosticDescriptor> All =>
    [
        MissingReference, UnionWithoutTag, DelimiterInsideField, UnsizedMember, OverlappingMember, InvalidFraming, InvalidMessageType,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    /// <summary>The descriptor of an id.</summary>
    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "SG4001" => MissingReference,
        "SG4002" => UnionWithoutTag,
        "SG4003" => DelimiterInsideField,
        "SG4004" => UnsizedMember,
        "SG4005" => OverlappingMember,
        "SG4006" => InvalidFraming,
        _ => InvalidMessageType,
    };
}
