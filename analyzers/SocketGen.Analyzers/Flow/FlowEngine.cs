using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Flow;

/// <summary>
/// A forward dataflow analysis over Roslyn's <see cref="ControlFlowGraph"/>: it computes, for every
/// reachable block, the join of the states of all paths that reach it (loops iterate to a fixpoint),
/// then walks every reachable block once more with that converged state so the client can report.
/// </summary>
/// <remarks>
/// Exceptions: the state at any point inside a try (before and after each statement) flows into every
/// catch, filter and finally of that try, and of the trys around it. Finally: the state of every branch
/// that leaves through a finally flows into it, and its end flows to every place such a branch goes
/// (sound for "on every path" questions, since joins only widen).
/// </remarks>
internal static class FlowEngine
{
    /// <summary>How many times, on average, a block may be re-walked before the engine gives up.</summary>
    private const int MaxVisitsPerBlock = 64;

    /// <summary>
    /// Runs <paramref name="analysis"/> over <paramref name="graph"/>. Locals in
    /// <paramref name="untracked"/> (see <see cref="FlowLocals.FindCapturedLocals"/>) are never tracked.
    /// Returns false, without a report pass, if the fixpoint was not reached within the visit budget.
    /// </summary>
    public static bool Run<TValue>(ControlFlowGraph graph, FlowAnalysis<TValue> analysis, ISet<ILocalSymbol> untracked, CancellationToken cancellationToken)
        => Run(graph, analysis, untracked, captures: null, FunctionEntries<TValue>.None, nested: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="analysis"/> over <paramref name="graph"/> with captured locals followed
    /// (<see cref="FlowCaptures"/>): they start with the values in <paramref name="entry"/>, and the values
    /// the nested functions of the graph start with are gathered into <paramref name="nested"/>.
    /// </summary>
    public static bool Run<TValue>(ControlFlowGraph graph, FlowAnalysis<TValue> analysis, ISet<ILocalSymbol> untracked, FlowCaptures? captures, IReadOnlyDictionary<ILocalSymbol, TValue> entry, FunctionEntries<TValue>? nested, CancellationToken cancellationToken)
    {
        var run = new Analysis<TValue>(graph, analysis, untracked, captures, entry, nested);
        if (!run.ReachFixpoint(cancellationToken))
        {
            return false;
        }

        run.Report(cancellationToken);
        return true;
    }

    private enum NullCheck
    {
        None,
        FallThroughImpossible,
        ConditionalImpossible,
    }

    private sealed class Analysis<TValue>
    {
        private readonly ControlFlowGraph _graph;
        private readonly FlowAnalysis<TValue> _analysis;
        private readonly ISet<ILocalSymbol> _untracked;
        private readonly Dictionary<ILocalSymbol, bool> _tracked = new Dictionary<ILocalSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly Func<ILocalSymbol, bool> _isTracked;
        private readonly FlowState<TValue>?[] _entryStates;
        private readonly int[][] _handlers;
        private readonly Dictionary<ControlFlowRegion, List<int>> _finallyContinuations = new Dictionary<ControlFlowRegion, List<int>>();
        private readonly SortedSet<int> _worklist = new SortedSet<int>();
        private readonly Stack<IOperation> _pending = new Stack<IOperation>();
        private readonly List<IOperation> _postOrder = new List<IOperation>();

        private readonly FlowCaptures? _captures;
        private readonly IReadOnlyDictionary<ILocalSymbol, TValue> _entry;
        private readonly FunctionEntries<TValue>? _nested;
        private BasicBlock? _reportBlock;

        public Analysis(ControlFlowGraph graph, FlowAnalysis<TValue> analysis, ISet<ILocalSymbol> untracked, FlowCaptures? captures, IReadOnlyDictionary<ILocalSymbol, TValue> entry, FunctionEntries<TValue>? nested)
        {
            _graph = graph;
            _analysis = analysis;
            _untracked = untracked;
            _captures = captures;
            _entry = entry;
            _nested = nested;
            _isTracked = IsTracked;
            _entryStates = new FlowState<TValue>?[graph.Blocks.Length];
            _handlers = new int[graph.Blocks.Length][];
            foreach (var block in graph.Blocks)
            {
                _handlers[block.Ordinal] = FindHandlers(graph, block);
                RecordFinallyContinuations(block.FallThroughSuccessor);
                RecordFinallyContinuations(block.ConditionalSuccessor);
            }
        }

        public bool ReachFixpoint(CancellationToken cancellationToken)
        {
            var blocks = _graph.Blocks;
            var start = new FlowState<TValue>(_analysis, _isTracked);
            foreach (var captured in _entry)
            {
                if (IsTracked(captured.Key))
                {
                    start.Set(captured.Key, captured.Value);
                }
            }

            _entryStates[0] = start;
            _worklist.Add(0);
            var budget = (long)blocks.Length * MaxVisitsPerBlock;
            while (_worklist.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (--budget < 0)
                {
                    return false;
                }

                var ordinal = _worklist.Min;
                _worklist.Remove(ordinal);
                var block = blocks[ordinal];
                var state = _entryStates[ordinal]!.Clone();
                var handlers = _handlers[ordinal];
                EnterScopes(block, state);
                FlowInto(handlers, state);
                foreach (var operation in block.Operations)
                {
                    Walk(operation, state, FlowPass.Fixpoint);
                    FlowInto(handlers, state);
                }

                var nullCheck = NullCheck.None;
                if (block.BranchValue is not null)
                {
                    Walk(block.BranchValue, state, FlowPass.Fixpoint);
                    FlowInto(handlers, state);
                    nullCheck = ImpossibleNullBranch(block, state);
                }

                if (nullCheck != NullCheck.FallThroughImpossible)
                {
                    FlowAlong(block, block.FallThroughSuccessor, state);
                }

                if (nullCheck != NullCheck.ConditionalImpossible)
                {
                    FlowAlong(block, block.ConditionalSuccessor, state);
                }
            }

            return true;
        }

        public void Report(CancellationToken cancellationToken)
        {
            foreach (var block in _graph.Blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = _entryStates[block.Ordinal];
                if (entry is null)
                {
                    continue; // unreachable
                }

                var state = entry.Clone();
                _reportBlock = block;
                EnterScopes(block, state);
                foreach (var operation in block.Operations)
                {
                    Walk(operation, state, FlowPass.Report);
                }

                if (block.BranchValue is not null)
                {
                    Walk(block.BranchValue, state, FlowPass.Report);
                }
            }
        }

        /// <summary>Which successor of a null check on a local known to be non-null cannot be taken.</summary>
        private NullCheck ImpossibleNullBranch(BasicBlock block, FlowState<TValue> state)
        {
            if (block.ConditionalSuccessor is null || block.ConditionKind == ControlFlowConditionKind.None)
            {
                return NullCheck.None;
            }

            IOperation? tested;
            bool trueMeansNull;
            switch (block.BranchValue)
            {
                case IIsNullOperation isNull:
                    (tested, trueMeansNull) = (isNull.Operand, true);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when IsNullConstant(binary.RightOperand) || IsNullConstant(binary.LeftOperand):
                    tested = IsNullConstant(binary.RightOperand) ? binary.LeftOperand : binary.RightOperand;
                    trueMeansNull = binary.OperatorKind == BinaryOperatorKind.Equals;
                    break;
                default:
                    return NullCheck.None;
            }

            if (!state.TryGetValue(tested, out _, out var value) || !_analysis.IsNonNull(value))
            {
                return NullCheck.None;
            }

            // The conditional successor is taken when the branch value equals the condition kind.
            var conditionalMeansNull = (block.ConditionKind == ControlFlowConditionKind.WhenTrue) == trueMeansNull;
            return conditionalMeansNull ? NullCheck.ConditionalImpossible : NullCheck.FallThroughImpossible;
        }

        private static bool IsNullConstant(IOperation operand)
            => FlowLocals.SkipConversions(operand) is { ConstantValue: { HasValue: true, Value: null } };

        private bool IsTracked(ILocalSymbol local)
        {
            if (!_tracked.TryGetValue(local, out var tracked))
            {
                tracked = local.RefKind == RefKind.None && !_untracked.Contains(local) && _analysis.IsTracked(local);
                _tracked[local] = tracked;
            }

            return tracked;
        }

        /// <summary>Locals whose scope starts at this block are fresh here (again on every loop iteration).</summary>
        private void EnterScopes(BasicBlock block, FlowState<TValue> state)
        {
            for (var region = block.EnclosingRegion; region is not null && region.FirstBlockOrdinal == block.Ordinal; region = region == _graph.Root ? null : region.EnclosingRegion)
            {
                foreach (var local in region.Locals)
                {
                    if (!IsTracked(local))
                    {
                        continue;
                    }

                    state.RemoveAliasesOf(local);
                    if (_analysis.TryGetValueOnScopeEntry(local, out var value))
                    {
                        state.Set(local, value);
                    }
                    else
                    {
                        state.Forget(local);
                    }
                }
            }
        }

        private void FlowAlong(BasicBlock source, ControlFlowBranch? branch, FlowState<TValue> state)
        {
            if (branch is null)
            {
                return;
            }

            if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
            {
                // The end of a finally: control goes on wherever the branches that entered it were going.
                var region = InnermostFinally(_graph, source);
                if (region is not null && _finallyContinuations.TryGetValue(region, out var continuations))
                {
                    foreach (var next in continuations)
                    {
                        FlowInto(next, state);
                    }
                }

                return;
            }

            if (!branch.FinallyRegions.IsEmpty)
            {
                FlowInto(branch.FinallyRegions[0].FirstBlockOrdinal, state);
                return;
            }

            if (branch.Destination is not null)
            {
                FlowInto(branch.Destination.Ordinal, state);
            }
        }

        private void FlowInto(int[] targets, FlowState<TValue> state)
        {
            foreach (var target in targets)
            {
                FlowInto(target, state);
            }
        }

        private void FlowInto(int target, FlowState<TValue> state)
        {
            var existing = _entryStates[target];
            if (existing is null)
            {
                _entryStates[target] = state.Clone();
                _worklist.Add(target);
            }
            else if (existing.JoinWith(state))
            {
                _worklist.Add(target);
            }
        }

        private void RecordFinallyContinuations(ControlFlowBranch? branch)
        {
            if (branch is null || branch.FinallyRegions.IsEmpty)
            {
                return;
            }

            var finallies = branch.FinallyRegions;
            for (var i = 0; i < finallies.Length; i++)
            {
                var next = i + 1 < finallies.Length ? finallies[i + 1].FirstBlockOrdinal : branch.Destination?.Ordinal ?? -1;
                if (next < 0)
                {
                    continue;
                }

                if (!_finallyContinuations.TryGetValue(finallies[i], out var continuations))
                {
                    continuations = new List<int>();
                    _finallyContinuations.Add(finallies[i], continuations);
                }

                if (!continuations.Contains(next))
                {
                    continuations.Add(next);
                }
            }
        }

        private static ControlFlowRegion? InnermostFinally(ControlFlowGraph graph, BasicBlock block)
        {
            for (var region = block.EnclosingRegion; region is not null && region != graph.Root; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    return region;
                }
            }

            return null;
        }

        /// <summary>The first blocks of every catch, filter and finally that an exception in this block can reach.</summary>
        private static int[] FindHandlers(ControlFlowGraph graph, BasicBlock block)
        {
            // A lambda's graph hangs under the regions of the graph that contains it: stop at this graph's root.
            List<int>? handlers = null;
            for (var region = block.EnclosingRegion; region is not null && region != graph.Root; region = region.EnclosingRegion)
            {
                if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is null)
                {
                    continue;
                }

                foreach (var sibling in region.EnclosingRegion.NestedRegions)
                {
                    if (sibling != region)
                    {
                        (handlers ??= new List<int>()).Add(sibling.FirstBlockOrdinal);
                    }
                }
            }

            return handlers?.ToArray() ?? Array.Empty<int>();
        }

        /// <summary>Visits <paramref name="root"/> and its operands in evaluation order (operands first).</summary>
        private void Walk(IOperation root, FlowState<TValue> state, FlowPass pass)
        {
            // Iterative post-order: very deep expressions (long concatenations) must not overflow the stack.
            _pending.Clear();
            _postOrder.Clear();
            _pending.Push(root);
            while (_pending.Count > 0)
            {
                var operation = _pending.Pop();
                _postOrder.Add(operation);
                if (operation is IFlowAnonymousFunctionOperation)
                {
                    continue; // its body is a graph of its own
                }

                foreach (var child in operation.ChildOperations)
                {
                    _pending.Push(child);
                }
            }

            // _postOrder holds parents before children, later siblings first: reversed, it is evaluation order.
            for (var i = _postOrder.Count - 1; i >= 0; i--)
            {
                Visit(_postOrder[i], state, pass);
            }
        }

        private void Visit(IOperation operation, FlowState<TValue> state, FlowPass pass)
        {
            _analysis.Transfer(operation, state, pass);
            if (_captures is not null)
            {
                EnterNestedFunction(operation, state, pass);
            }

            switch (operation)
            {
                case ILocalReferenceOperation reference when IsTracked(reference.Local):
                    ApplyUse(reference.Local, reference, state);
                    break;
                case IFlowCaptureReferenceOperation captureReference when state.TryResolveLocal(captureReference, out var aliased):
                    ApplyUse(aliased, captureReference, state);
                    break;
                case IFlowCaptureOperation capture:
                    if (state.TryResolveLocal(capture.Value, out var captured))
                    {
                        state.SetAlias(capture.Id, captured);
                    }
                    else
                    {
                        state.RemoveAlias(capture.Id);
                    }

                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && IsTracked(target.Local):
                    state.RemoveAliasesOf(target.Local);
                    if (!assignment.IsRef && _analysis.TryGetAssignedValue(target.Local, assignment.Value, state, out var value))
                    {
                        state.Set(target.Local, value);
                    }
                    else
                    {
                        state.Forget(target.Local);
                    }

                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                    state.RemoveAliasesOf(declared);
                    state.Forget(declared);
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                    state.RemoveAliasesOf(declared);
                    state.Forget(declared);
                    break;
                case IListPatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                    state.RemoveAliasesOf(declared);
                    state.Forget(declared);
                    break;
            }
        }

        /// <summary>
        /// Where a lambda is created or a local function called or referenced: notes the values its
        /// followed captured locals start with, then forgets those it may change.
        /// </summary>
        private void EnterNestedFunction(IOperation operation, FlowState<TValue> state, FlowPass pass)
        {
            IMethodSymbol? function;
            bool direct;
            switch (operation)
            {
                case IFlowAnonymousFunctionOperation lambda:
                    (function, direct) = (lambda.Symbol, true);
                    break;
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                    (function, direct) = (call.TargetMethod, _graph.LocalFunctions.Contains(call.TargetMethod));
                    break;
                case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference:
                    (function, direct) = (reference.Method, false);
                    break;
                default:
                    return;
            }

            if (pass == FlowPass.Report && _nested is not null)
            {
                foreach (var local in _captures!.UsedBy(function))
                {
                    var known = direct
                        && state.TryGetValue(local, out var value)
                        && !_captures.IsChangedByAnotherFunction(local, function)
                        && (operation is not IFlowAnonymousFunctionOperation || !FlowCaptures.IsChangedAfter(_graph, _reportBlock!, operation, local, _analysis));
                    if (known && state.TryGetValue(local, out var entry))
                    {
                        _nested.Add(function, local, entry);
                    }
                    else
                    {
                        _nested.AddUnknown(function, local);
                    }
                }
            }

            foreach (var local in _captures!.ForgottenAfter(function))
            {
                state.Forget(local);
            }
        }

        private void ApplyUse(ILocalSymbol local, IOperation reference, FlowState<TValue> state)
        {
            var use = FlowLocals.ClassifyUse(reference, out var user);
            if (use == FlowUse.Escape && (user is null || !_analysis.IsNonEscapingUse(local, reference, user)))
            {
                state.Forget(local);
            }
        }
    }
}
