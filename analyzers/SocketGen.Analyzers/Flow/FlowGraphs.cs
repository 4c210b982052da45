using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Flow;

/// <summary>Finds the graphs to analyse for an operation block: its own and those of its lambdas and local functions.</summary>
internal static class FlowGraphs
{
    /// <summary>Whether a control flow graph can be built for operation block <paramref name="operation"/> (judged by its root).</summary>
    public static bool CanBuildGraph(IOperation operation)
        => Root(operation) is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
            or IFieldInitializerOperation or IPropertyInitializerOperation;

    /// <summary>The outermost operation above <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// Runs a fresh analysis from <paramref name="createAnalysis"/> over every graph of the operation
    /// block (bodies, lambdas, local functions), with captured locals untracked. This is the usual entry
    /// point from a <c>RegisterOperationBlockAction</c> callback.
    /// </summary>
    public static void AnalyzeOperationBlock<TValue>(OperationBlockAnalysisContext context, Func<ControlFlowGraph, FlowAnalysis<TValue>> createAnalysis)
    {
        HashSet<ILocalSymbol>? captured = null;
        var roots = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            // Several blocks can share a root (a method body and its block): one graph per root.
            if (!CanBuildGraph(block) || !roots.Add(Root(block)))
            {
                continue;
            }

            captured ??= FlowLocals.FindCapturedLocals(context.OperationBlocks, context.CancellationToken);
            var root = context.GetControlFlowGraph(block);
            var rootAnalysis = createAnalysis(root);
            if (rootAnalysis.AnalysesCapturedLocals && captured.Count > 0)
            {
                var captures = FlowCaptures.Find(context.OperationBlocks, captured, rootAnalysis);
                var untracked = new HashSet<ILocalSymbol>(captured.Where(local => !captures.Followed.Contains(local)), SymbolEqualityComparer.Default);
                RunFollowingCaptures(root, rootAnalysis, createAnalysis, untracked, captures, FunctionEntries<TValue>.None, context.CancellationToken);
                continue;
            }

            foreach (var graph in WithNestedGraphs(root, context.CancellationToken))
            {
                FlowEngine.Run(graph, graph == root ? rootAnalysis : createAnalysis(graph), captured, context.CancellationToken);
            }
        }
    }

    /// <summary>Runs the graph, then each nested function's graph starting from the values gathered for it.</summary>
    private static void RunFollowingCaptures<TValue>(
        ControlFlowGraph graph,
        FlowAnalysis<TValue> analysis,
        Func<ControlFlowGraph, FlowAnalysis<TValue>> createAnalysis,
        ISet<ILocalSymbol> untracked,
        FlowCaptures captures,
        IReadOnlyDictionary<ILocalSymbol, TValue> entry,
        CancellationToken cancellationToken)
    {
        var nested = new FunctionEntries<TValue>(analysis);
        var complete = FlowEngine.Run(graph, analysis, untracked, captures, entry, nested, cancellationToken);
        foreach (var localFunction in graph.LocalFunctions)
        {
            var inner = graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken);
            RunFollowingCaptures(inner, createAnalysis(inner), createAnalysis, untracked, captures, complete ? nested.Of(localFunction) : FunctionEntries<TValue>.None, cancellationToken);
        }

        foreach (var block in graph.Blocks)
        {
            foreach (var lambda in AnonymousFunctions(block))
            {
                var inner = graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken);
                RunFollowingCaptures(inner, createAnalysis(inner), createAnalysis, untracked, captures, complete ? nested.Of(lambda.Symbol) : FunctionEntries<TValue>.None, cancellationToken);
            }
        }
    }

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
