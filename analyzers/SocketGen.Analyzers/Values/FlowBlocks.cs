using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Values;

/// <summary>Runs a flow analysis over every control flow graph of an operation block action, nested ones included.</summary>
internal static class FlowBlocks
{
    /// <summary>
    /// Runs <paramref name="analysis"/> over the graph of each distinct operation block root of
    /// <paramref name="context"/> and over every lambda and local function inside it.
    /// </summary>
    public static void Run<TValue>(OperationBlockAnalysisContext context, FlowAnalysis<TValue> analysis, ISet<ILocalSymbol> untracked)
    {
        // A method's blocks hang under its IMethodBodyOperation: the graph is built for that root, once.
        var roots = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            var root = SingleAssignment.Root(block);
            if (!FlowGraphs.CanBuildGraph(root) || !roots.Add(root))
            {
                continue;
            }

            var graph = context.GetControlFlowGraph(block);
            foreach (var nested in FlowGraphs.WithNestedGraphs(graph, context.CancellationToken))
            {
                FlowEngine.Run(nested, analysis, untracked, context.CancellationToken);
            }
        }
    }
}
