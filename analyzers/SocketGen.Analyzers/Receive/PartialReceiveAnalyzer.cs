using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Receive;

/// <summary>
/// SG2001: the count a Socket receive returns on a stream socket is ignored (discarded, or stored and
/// never read), or is stored while the buffer is then used in full as if it had been filled, on every
/// path. A stream socket returns what has arrived, often less than asked for. Stream.Read is CA2022's;
/// Send transmits everything or throws, so its count is not this rule's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PartialReceiveAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.PartialReceive);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(AnalyzeBlock);
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        HashSet<ILocalSymbol>? countLocals = null;
        HashSet<SyntaxNode>? receives = null;
        foreach (var block in context.OperationBlocks)
        {
            foreach (var invocation in block.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (!ReceiveCall.IsReceive(invocation) || ReceiveCall.IsOnNonStreamSocket(invocation) || ReceiveCall.IntoSingleByte(invocation))
                {
                    continue;
                }

                var name = "Socket." + invocation.TargetMethod.Name;
                var result = ReceiveCall.ResultOf(invocation);
                var consumer = ReceiveCall.Consumer(result);
                ILocalSymbol? stored = consumer switch
                {
                    IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == result || ReceiveCall.Consumer(result) == assignment => target.Local,
                    _ => null,
                };

                if ((consumer is IExpressionStatementOperation
                        || consumer is ISimpleAssignmentOperation { Target: IDiscardOperation }
                        || (stored is not null && !IsEverRead(stored, block)))
                    && ReceiveCall.BufferIsReadAfterwards(invocation, block))
                {
                    Report(context, invocation.Syntax, DiagnosticPropertyKeys.ReceiveCountIgnored, RuleDescriptor.Text("SG2001MessageIgnored", name));
                    continue;
                }

                if (stored is not null && stored.Type.SpecialType == SpecialType.System_Int32)
                {
                    (countLocals ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(stored);
                    (receives ??= new HashSet<SyntaxNode>()).Add(invocation.Syntax);
                }
            }
        }

        if (countLocals is null || receives is null)
        {
            return;
        }

        FlowGraphs.AnalyzeOperationBlock(context, _ => new ReceiveCountFlow(countLocals, receives, (use, pending, count) =>
            Report(
                context,
                pending.Call,
                DiagnosticPropertyKeys.ReceiveBufferUsedInFull,
                RuleDescriptor.Text("SG2001MessageUsedInFull", pending.Buffer.Name, count.Name))));
    }

    private static void Report(OperationBlockAnalysisContext context, SyntaxNode call, string kind, LocalizableString message)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.ReceiveKind, kind);
        context.ReportDiagnostic(Diagnostic.Create(IoAndNativeRules.PartialReceive, call.GetLocation(), properties, message));
    }

    private static bool IsEverRead(ILocalSymbol local, IOperation block)
    {
        foreach (var reference in block.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
        {
            if (SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference))
            {
                return true;
            }
        }

        return false;
    }
}
