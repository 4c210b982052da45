using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Generators.Parsing;

namespace SocketGen.Generators.Diagnostics;

/// <summary>
/// Reports what is wrong with a <c>[SocketContract]</c> declaration. It runs the generator's own parser,
/// so the generator and the diagnostics can never disagree; the generator stays free of diagnostics
/// (which hold locations and would defeat its caching) and simply emits nothing for a broken contract.
/// See docs/rules/contract-diagnostics.md for why diagnostics live here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketContractAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(ContractParser.ContractAttributeName);
            if (attribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, attribute), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol attribute)
    {
        foreach (var diagnostic in Analyze((INamedTypeSymbol)context.Symbol, attribute, context.Compilation, context.CancellationToken))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>The diagnostics for <paramref name="type"/>: none unless it is marked with <paramref name="attribute"/>.</summary>
    internal static ImmutableArray<Diagnostic> Analyze(INamedTypeSymbol type, INamedTypeSymbol attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        return ContractParser.Parse(type, compilation, cancellationToken).Diagnostics;
    }
}
