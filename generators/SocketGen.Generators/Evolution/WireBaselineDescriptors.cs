using Microsoft.CodeAnalysis;

namespace SocketGen.Generators.Evolution;

/// <summary>The wire baseline diagnostics (SG5001–SG5010). Each id has a page in docs/rules.</summary>
internal static class WireBaselineDescriptors
{
    /// <summary>SG5001's property: the baseline line the code fix adds.</summary>
    public const string LineProperty = "WireBaselineLine";

    private const string Category = "SocketGen.Evolution";
    private const string HelpLinkBase = "https://github.com/socketgen/socketgen/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor NotInBaseline = Create(
        "SG5001",
        DiagnosticSeverity.Info,
        "Wire shape not in the baseline",
        "'{0}' is not in " + WireBaseline.FileName + "; record it ({1}) so later edits to it are checked");

    public static readonly DiagnosticDescriptor MethodRemoved = Create(
        "SG5002",
        DiagnosticSeverity.Warning,
        "A contract method in the wire baseline is gone",
        "Method '{0}' is in the wire baseline but no longer in the contract (removed, renamed or its parameters changed); clients built with it get 'no method with id {1}'");

    public static readonly DiagnosticDescriptor MethodIdChanged = Create(
        "SG5003",
        DiagnosticSeverity.Warning,
        "A contract method's wire id changed",
        "Method '{0}' now has wire id {1} but the baseline has {2}; peers built with the baseline call an id this side no longer serves");

    public static readonly DiagnosticDescriptor MethodKindChanged = Create(
        "SG5004",
        DiagnosticSeverity.Warning,
        "A contract method's call kind or result changed",
        "Method '{0}' is now '{1}' but the baseline has '{2}'; peers built with the baseline expect the other kind of call or result");

    public static readonly DiagnosticDescriptor FieldRemoved = Create(
        "SG5005",
        DiagnosticSeverity.Warning,
        "A field in the wire baseline is gone",
        "Field '{0}' is in the wire baseline but no longer travels; peers built with the baseline read the fields after it from the wrong place");

    public static readonly DiagnosticDescriptor FieldMoved = Create(
        "SG5006",
        DiagnosticSeverity.Warning,
        "A field moved to another position on the wire",
        "Field '{0}' is now at position {1} but the baseline has {2}; fields travel by position, so peers built with the baseline read it as another field");

    public static readonly DiagnosticDescriptor FieldRetyped = Create(
        "SG5007",
        DiagnosticSeverity.Warning,
        "A field's wire type changed",
        "Field '{0}' now travels as '{1}' but the baseline has '{2}'; peers built with the baseline read its bytes as the old type");

    public static readonly DiagnosticDescriptor EnumValueChanged = Create(
        "SG5008",
        DiagnosticSeverity.Warning,
        "An enum member's value changed",
        "Enum member '{0}' is now {1} but the baseline has {2}; enums travel as numbers, so peers built with the baseline read it as another member");

    public static readonly DiagnosticDescriptor EnumValueRemoved = Create(
        "SG5009",
        DiagnosticSeverity.Warning,
        "An enum member in the wire baseline is gone",
        "Enum member '{0}' (value {1}) is in the wire baseline but no longer declared; peers built with the baseline can still send {1}, which this side has no name for");

    // Reported when the whole compilation is seen: only then is it known that no contract has the name.
    public static readonly DiagnosticDescriptor ContractRemoved = new(
        "SG5010",
        "A contract in the wire baseline is gone",
        "Contract '{0}' is in the wire baseline but no [SocketContract] interface has that name any more; peers built with the baseline still call its {1} method(s)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "SG5010.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>Every descriptor, for the analyzer's supported diagnostics.</summary>
    public static IEnumerable<DiagnosticDescriptor> All =>
    [
        NotInBaseline, MethodRemoved, MethodIdChanged, MethodKindChanged, FieldRemoved, FieldMoved, FieldRetyped, EnumValueChanged, EnumValueRemoved, ContractRemoved,
    ];

    private static DiagnosticDescriptor Create(string id, DiagnosticSeverity severity, string title, string message)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
