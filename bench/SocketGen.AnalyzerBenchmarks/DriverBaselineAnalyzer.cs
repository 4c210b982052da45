using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.AnalyzerBenchmarks;

/// <summary>
/// An analyzer that subscribes to what the lifecycle analyzer subscribes to and does nothing: the cost
/// of the analyzer driver itself (building IOperation trees for every method), which any
/// operation-based analyzer pays, separated from the lifecycle analysis proper.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DriverBaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("BENCH01", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterOperationBlockStartAction(block =>
        {
            block.RegisterOperationAction(_ => { }, OperationKind.VariableDeclarator);
            block.RegisterOperationBlockEndAction(_ => { });
        }));
    }
}
