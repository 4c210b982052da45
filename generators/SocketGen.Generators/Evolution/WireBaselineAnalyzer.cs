using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Generators.Parsing;

namespace SocketGen.Generators.Evolution;

/// <summary>
/// SG5001–SG5010: compares the wire shape of every <c>[SocketContract]</c> contract (read by the generator's own
/// parser, so ids are the generated ones) with the project's checked-in baseline, <c>SocketGen.WireBaseline.txt</c>
/// passed as an AdditionalFile. Opt-in: a project without the file gets nothing. Wire-breaking edits are warnings
/// on the contract; what the baseline does not have yet (a new method, an appended field, a new enum member) is an
/// SG5001 suggestion whose fix records it. Each contract is compared on its own (its methods and everything it
/// sends), so a type two contracts send is reported on both; only a contract that is gone altogether needs the
/// whole compilation (SG5010, on the baseline). See docs/evolving-contracts.md.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WireBaselineAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = WireBaselineDescriptors.All.ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(ContractParser.ContractAttributeName);
            var baseline = attribute is null ? null : WireBaseline.Find(start.Options.AdditionalFiles, start.CancellationToken);
            if (attribute is null || baseline is null)
            {
                return;
            }

            var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            start.RegisterSymbolAction(
                symbol =>
                {
                    var type = (INamedTypeSymbol)symbol.Symbol;
                    if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                    {
                        return;
                    }

                    var name = type.ToDisplayString(TypeNames.Canonical);
                    seen[name] = true;

                    // A contract with errors has no shape: claim nothing about it (the SG00xx error says what is wrong).
                    if (ContractParser.Parse(type, symbol.Compilation, symbol.CancellationToken).Spec is { } spec)
                    {
                        var location = type.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
                        Compare(baseline, name, WireShape.Of(spec).ToList(), location, symbol.ReportDiagnostic);
                    }
                },
                SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var removed in baseline.Entries.Values
                    .Where(e => e.Entry.Kind == WireShapeKind.Method && !seen.ContainsKey(e.Entry.Owner))
                    .GroupBy(e => e.Entry.Owner, StringComparer.Ordinal))
                {
                    end.ReportDiagnostic(Diagnostic.Create(WireBaselineDescriptors.ContractRemoved, baseline.LocationOf(removed.Min(e => e.Line)), removed.Key, removed.Count()));
                }
            });
        });
    }

    private static void Compare(WireBaseline baseline, string contract, List<WireShapeEntry> current, Location location, Action<Diagnostic> report)
    {
        foreach (var entry in current)
        {
            if (!baseline.Entries.TryGetValue(entry.Key, out var recorded))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(WireBaselineDescriptors.LineProperty, entry.Line);
                report(Diagnostic.Create(WireBaselineDescriptors.NotInBaseline, location, properties, entry.Key, entry.Shape));
                continue;
            }

            ReportChange(entry, recorded.Entry, location, report);
        }

        // What the baseline has of this contract and of the types and enums it sends, and they no longer have.
        var owners = new HashSet<string>(current.Select(e => e.Owner), StringComparer.Ordinal) { contract };
        var keys = new HashSet<string>(current.Select(e => e.Key), StringComparer.Ordinal);
        foreach (var (recorded, _) in baseline.Entries.Values.OrderBy(e => e.Line))
        {
            if (keys.Contains(recorded.Key) || !owners.Contains(recorded.Owner))
            {
                continue;
            }

            var descriptor = recorded.Kind switch
            {
                WireShapeKind.Method => WireBaselineDescriptors.MethodRemoved,
                WireShapeKind.Field => WireBaselineDescriptors.FieldRemoved,
                _ => WireBaselineDescriptors.EnumValueRemoved,
            };
            report(Diagnostic.Create(descriptor, location, recorded.Key, recorded.Parts[1]));
        }
    }

    private static void ReportChange(WireShapeEntry entry, WireShapeEntry recorded, Location location, Action<Diagnostic> report)
    {
        var now = entry.Parts;
        var then = recorded.Parts;
        if (entry.Kind != recorded.Kind || now.Length != then.Length)
        {
            return; // a hand-edited line of another kind: nothing sensible to compare
        }

        switch (entry.Kind)
        {
            case WireShapeKind.Method:
                if (now[1] != then[1])
                {
                    report(Diagnostic.Create(WireBaselineDescriptors.MethodIdChanged, location, entry.Key, now[1], then[1]));
                }

                if (now[2] != then[2] || now[3] != then[3])
                {
                    report(Diagnostic.Create(WireBaselineDescriptors.MethodKindChanged, location, entry.Key, now[2] + " " + now[3], then[2] + " " + then[3]));
                }

                break;
            case WireShapeKind.Field:
                if (now[1] != then[1])
                {
                    report(Diagnostic.Create(WireBaselineDescriptors.FieldMoved, location, entry.Key, now[1], then[1]));
                }

                if (now[2] != then[2])
                {
                    report(Diagnostic.Create(WireBaselineDescriptors.FieldRetyped, location, entry.Key, now[2], then[2]));
                }

                break;
            case WireShapeKind.EnumMember:
                if (now[1] != then[1])
                {
                    report(Diagnostic.Create(WireBaselineDescriptors.EnumValueChanged, location, entry.Key, now[1], then[1]));
                }

                break;
        }
    }
}
