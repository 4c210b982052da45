using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Native;

/// <summary>
/// SG3001: the address length passed to a native accept, accept4, getpeername, getsockname or
/// recvfrom is not set to the size of the address buffer before the call on any path (unset, zero,
/// or a constant that differs from the buffer's size).
/// SG3002: the same address length is reused across loop iterations without being reset before each
/// call, so it still holds the size of the previous peer's address.
/// Flow-sensitive over the control flow graph; reported only where every path is wrong.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddressLengthFlowAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(IoAndNativeRules.AddressLengthNotInitialized, IoAndNativeRules.AddressLengthNotReset);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(AnalyzeBlock);
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        // Cheap pre-check: only blocks that pass a local as the address length of a native call.
        var lengthLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var block in context.OperationBlocks)
        {
            foreach (var invocation in block.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (AddressLengthFlow.LengthLocal(invocation, out _) is { } local)
                {
                    lengthLocals.Add(local);
                }
            }
        }

        if (lengthLocals.Count == 0)
        {
            return;
        }

        FlowGraphs.AnalyzeOperationBlock(context, _ => new AddressLengthFlow(lengthLocals, context.ReportDiagnostic));
    }
}
