using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Flow;

/// <summary>Finds the graphs to analyse for an operation block: its own and those of its lambdas and local functions.</summary>
internal static class FlowGraphs
{
    /// <summary>Whether <paramref name="operation"/> is an operation block root a control flow graph can be built for.</summary>
    public static bool CanBuildGraph(IOperation operation)
        => operation.Parent is null
            && operation is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
                or IFieldInitializerOperation or IPropertyInitializerOperation;

    /// <summary><paramref name="root"/> and every graph nested in it (lambdas, local functions), depth first.</summary>
    public static IEnumerable<ControlFlowGraph> WithNestedGraphs(ControlFlowGraph root, CancellationToken cancellationToken)
    {
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var graph = pending.Pop();
            yield return graph;
            foreach (var localFunction in graph.LocalFunctions)
            {
                pending.Push(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken));
            }

            foreach (var block in graph.Blocks)
            {
                foreach (var lambda in AnonymousFunctions(block))
                {
                    pending.Push(graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken));
                }
            }
        }
    }

    private static IEnumerable<IFlowAnonymousFunctionOperation> AnonymousFunctions(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            foreach (var lambda in operation.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
            {
                yield return lambda;
            }
        }

        if (block.BranchValue is not null)
        {
            foreach (var lambda in block.BranchValue.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
            {
                yield return lambda;
            }
        }
    }
}
