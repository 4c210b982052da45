using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;
using SocketGen.Analyzers.Receive;

namespace SocketGen.Analyzers.Blocking;

/// <summary>
/// An accept that every path reaches only after <c>Pending()</c> (TcpListener) or
/// <c>Poll(..., SelectMode.SelectRead)</c> (Socket) on the same listener said true: a connection is
/// waiting, so the accept returns at once. Found on the control flow graph: the accept must not be
/// reachable from the entry without crossing the true edge of such a check.
/// </summary>
internal static class ReadyAccept
{
    /// <summary>True when <paramref name="accept"/> is reached only through a readiness check on its own listener.</summary>
    public static bool IsAfterReadinessCheck(IInvocationOperation accept, ControlFlowGraph root, CancellationToken cancellationToken)
    {
        if (ReceiveCall.Variable(accept.Instance, allowSlices: false) is not { } listener)
        {
            return false;
        }

        foreach (var graph in FlowGraphs.WithNestedGraphs(root, cancellationToken))
        {
            if (graph.Blocks.Any(block => Holds(block, accept.Syntax)))
            {
                return !ReachableWithoutCheck(graph, accept.Syntax, listener);
            }
        }

        return false;
    }

    private static bool ReachableWithoutCheck(ControlFlowGraph graph, SyntaxNode accept, ISymbol listener)
    {
        var seen = new HashSet<BasicBlock>();
        var pending = new Stack<BasicBlock>();
        pending.Push(graph.Blocks[0]);
        while (pending.Count > 0)
        {
            var block = pending.Pop();
            if (!seen.Add(block))
            {
                continue;
            }

            if (Holds(block, accept))
            {
                return true;
            }

            // Which successor the check's "ready" outcome leads to, if the block branches on a check.
            var readyWhen = ReadinessCheck(block.BranchValue, listener);
            var conditionalIsReady = readyWhen is not null && (block.ConditionKind == ControlFlowConditionKind.WhenTrue) == readyWhen.Value;
            var fallThroughIsReady = readyWhen is not null && block.ConditionKind != ControlFlowConditionKind.None && !conditionalIsReady;
            if (block.ConditionalSuccessor?.Destination is { } conditional && !conditionalIsReady)
            {
                pending.Push(conditional);
            }

            if (block.FallThroughSuccessor?.Destination is { } next && !fallThroughIsReady)
            {
                pending.Push(next);
            }
        }

        return false;
    }

    /// <summary>
    /// For a branch value that checks the listener's readiness: the branch value that means "ready"
    /// (true for <c>l.Pending()</c>, false for <c>!l.Pending()</c>); null for any other value.
    /// </summary>
    private static bool? ReadinessCheck(IOperation? value, ISymbol listener)
    {
        var ready = true;
        while (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            ready = !ready;
            value = not.Operand;
        }

        if (value is not IInvocationOperation invocation
            || !SymbolEqualityComparer.Default.Equals(ReceiveCall.Variable(invocation.Instance, allowSlices: false), listener))
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var isCheck = method.Name switch
        {
            "Pending" => method.ContainingType?.Name == "TcpListener",
            // SelectMode.SelectRead is 0: on a listening socket, a connection is waiting.
            "Poll" => method.ContainingType?.Name == "Socket"
                && invocation.Arguments.Any(a => a.Parameter?.Type.Name == "SelectMode" && a.Value.ConstantValue is { HasValue: true, Value: 0 }),
            _ => false,
        };
        return isCheck ? ready : null;
    }

    private static bool Holds(BasicBlock block, SyntaxNode call)
        => block.Operations.Any(operation => Contains(operation, call)) || (block.BranchValue is { } branch && Contains(branch, call));

    private static bool Contains(IOperation operation, SyntaxNode call)
        => operation.Syntax.Span.Contains(call.Span)
            && operation.DescendantsAndSelf().Any(o => o is IInvocationOperation && o.Syntax == call);
}
