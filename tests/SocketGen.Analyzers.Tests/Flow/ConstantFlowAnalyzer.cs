using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Tests.Flow;

/// <summary>
/// A test client of the flow machinery that is not about sockets: it tracks which constants an int
/// local can hold and reports them at every <c>Probe(x)</c> call, so tests can read the state the
/// engine computed at any point ("x=1|2", or "x=?" when unknown).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantFlowAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FLOW01";

    private static readonly DiagnosticDescriptor s_rule = new(Id, "Probe", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(block => FlowGraphs.AnalyzeOperationBlock(block, _ => new Constants(block.ReportDiagnostic)));
    }

    private sealed class Constants(Action<Diagnostic> report) : FlowAnalysis<ImmutableSortedSet<int>>
    {
        public override bool IsTracked(ILocalSymbol local) => local.Type.SpecialType == SpecialType.System_Int32;

        public override ImmutableSortedSet<int> Join(ImmutableSortedSet<int> left, ImmutableSortedSet<int> right) => left.Union(right);

        public override bool ValueEquals(ImmutableSortedSet<int> left, ImmutableSortedSet<int> right) => left.SetEquals(right);

        public override bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<ImmutableSortedSet<int>> state, out ImmutableSortedSet<int> result)
        {
            result = value.ConstantValue is { HasValue: true, Value: int constant } ? [constant] : [];
            return value.ConstantValue.HasValue;
        }

        public override bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user)
            => user is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Probe" } };

        public override void Transfer(IOperation operation, FlowState<ImmutableSortedSet<int>> state, FlowPass pass)
        {
            if (pass != FlowPass.Report || operation is not IInvocationOperation { TargetMethod.Name: "Probe", Arguments: [var argument] } probe)
            {
                return;
            }

            var text = state.TryGetValue(argument.Value, out var local, out var values)
                ? $"{local.Name}={string.Join("|", values)}"
                : FlowLocalName(argument.Value) + "=?";
            report(Diagnostic.Create(s_rule, probe.Syntax.GetLocation(), text));
        }

        private static string FlowLocalName(IOperation operation)
            => FlowLocals.SkipConversions(operation) is ILocalReferenceOperation reference ? reference.Local.Name : "?";
    }
}
