using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Values;

namespace SocketGen.Analyzers.Flow;

/// <summary>What a use of a captured local does to its value, as the client analysis judges it.</summary>
internal enum CapturedUse
{
    /// <summary>Leaves the value as it is (a read, a call that changes nothing the analysis tracks).</summary>
    Keeps,

    /// <summary>Ends the value's life (closes the socket): what follows is a different bug, not a new state.</summary>
    Ends,

    /// <summary>May change the value.</summary>
    Changes,
}

/// <summary>
/// The locals that lambdas and local functions capture, for an analysis that follows them across
/// functions (<see cref="FlowAnalysis{TValue}.AnalysesCapturedLocals"/>). A captured local is followed
/// when no nested function writes it or lets it escape: the function around it tracks it as usual, a
/// lambda is analysed in the value the local had where the lambda was created when that value cannot
/// change before the local's end (nothing after the creation, and no other nested function, changes it),
/// and a local function is analysed in the join of the values at its calls (only when it is called
/// directly by the function that declares it). Where a nested function that changes or ends the local is created
/// or called, the local becomes unknown to the function around it.
/// </summary>
internal sealed class FlowCaptures
{
    private readonly HashSet<ILocalSymbol> _followed;
    private readonly Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> _changedBy;
    private readonly Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> _usedBy;
    private readonly Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> _endedOrChangedBy;

    private FlowCaptures(
        HashSet<ILocalSymbol> followed,
        Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> changedBy,
        Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> usedBy,
        Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> endedOrChangedBy)
    {
        _followed = followed;
        _changedBy = changedBy;
        _usedBy = usedBy;
        _endedOrChangedBy = endedOrChangedBy;
    }

    /// <summary>Captured locals that are followed across functions.</summary>
    public ISet<ILocalSymbol> Followed => _followed;

    /// <summary>Finds which of <paramref name="captured"/> can be followed, and which nested functions change them.</summary>
    public static FlowCaptures Find<TValue>(IEnumerable<IOperation> roots, ISet<ILocalSymbol> captured, FlowAnalysis<TValue> analysis)
    {
        var followed = new HashSet<ILocalSymbol>(captured, SymbolEqualityComparer.Default);
        var changedBy = new Dictionary<IMethodSymbol, HashSet<ILocalSymbol>>(SymbolEqualityComparer.Default);
        var usedBy = new Dictionary<IMethodSymbol, HashSet<ILocalSymbol>>(SymbolEqualityComparer.Default);
        var endedOrChangedBy = new Dictionary<IMethodSymbol, HashSet<ILocalSymbol>>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            foreach (var reference in root.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
            {
                var local = reference.Local;
                if (!captured.Contains(local))
                {
                    continue;
                }

                var functions = EnclosingFunctionsNotDeclaring(reference, local);
                if (functions.Count == 0)
                {
                    continue; // a use in the declaring function: the engine's own business
                }

                foreach (var function in functions)
                {
                    Add(usedBy, function, local);
                }

                var use = FlowLocals.ClassifyUse(reference, out var user);
                if (SingleAssignment.IsWrite(reference, out _)
                    || (use == FlowUse.Escape && (user is null || !analysis.IsNonEscapingUse(local, reference, user))))
                {
                    followed.Remove(local);
                    continue;
                }

                var effect = analysis.ClassifyCapturedUse(local, reference);
                foreach (var function in functions)
                {
                    if (effect != CapturedUse.Keeps)
                    {
                        Add(endedOrChangedBy, function, local);
                    }

                    if (effect == CapturedUse.Changes)
                    {
                        Add(changedBy, function, local);
                    }
                }
            }
        }

        return new FlowCaptures(followed, changedBy, usedBy, endedOrChangedBy);
    }

    /// <summary>The followed locals that <paramref name="function"/> (or a function nested in it) uses.</summary>
    public IEnumerable<ILocalSymbol> UsedBy(IMethodSymbol function)
        => _usedBy.TryGetValue(function, out var used) ? used.Where(_followed.Contains) : Enumerable.Empty<ILocalSymbol>();

    /// <summary>
    /// The followed locals that <paramref name="function"/> may change or end: unknown to the function
    /// around it once it is created or called, since it may run at any time.
    /// </summary>
    public IEnumerable<ILocalSymbol> ForgottenAfter(IMethodSymbol function)
        => _endedOrChangedBy.TryGetValue(function, out var touched) ? touched.Where(_followed.Contains) : Enumerable.Empty<ILocalSymbol>();

    /// <summary>True when a nested function other than <paramref name="function"/> may change <paramref name="local"/>.</summary>
    public bool IsChangedByAnotherFunction(ILocalSymbol local, IMethodSymbol function)
        => _changedBy.Any(entry => entry.Value.Contains(local) && !SymbolEqualityComparer.Default.Equals(entry.Key, function) && !Encloses(entry.Key, function));

    /// <summary>
    /// True when the function around the lambda created at <paramref name="creation"/> in block
    /// <paramref name="block"/> may change <paramref name="local"/> afterwards (the rest of the block and
    /// every block reachable from it).
    /// </summary>
    public static bool IsChangedAfter<TValue>(ControlFlowGraph graph, BasicBlock block, IOperation creation, ILocalSymbol local, FlowAnalysis<TValue> analysis)
    {
        var seen = new HashSet<BasicBlock>();
        var pending = new Stack<BasicBlock>();
        foreach (var next in Successors(block))
        {
            pending.Push(next);
        }

        if (block.Operations.Concat(block.BranchValue is null ? [] : [block.BranchValue])
            .Any(operation => ChangesIn(operation, local, analysis, after: creation.Syntax.Span.End)))
        {
            return true;
        }

        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            if (current.Operations.Concat(current.BranchValue is null ? [] : [current.BranchValue])
                .Any(operation => ChangesIn(operation, local, analysis, after: -1)))
            {
                return true;
            }

            foreach (var next in Successors(current))
            {
                pending.Push(next);
            }
        }

        return false;
    }

    private static IEnumerable<BasicBlock> Successors(BasicBlock block)
    {
        if (block.FallThroughSuccessor?.Destination is { } fallThrough)
        {
            yield return fallThrough;
        }

        if (block.ConditionalSuccessor?.Destination is { } conditional)
        {
            yield return conditional;
        }
    }

    private static bool ChangesIn<TValue>(IOperation operation, ILocalSymbol local, FlowAnalysis<TValue> analysis, int after)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is not ILocalReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                || reference.Syntax.SpanStart < after)
            {
                continue;
            }

            var use = FlowLocals.ClassifyUse(reference, out var user);
            if (use is FlowUse.Captured or FlowUse.AssignmentTarget
                || (use == FlowUse.Escape && (user is null || !analysis.IsNonEscapingUse(local, reference, user)))
                || analysis.ClassifyCapturedUse(local, reference) == CapturedUse.Changes)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lambdas and local functions around <paramref name="reference"/>, innermost first, up to the one declaring <paramref name="local"/>.</summary>
    private static List<IMethodSymbol> EnclosingFunctionsNotDeclaring(IOperation reference, ILocalSymbol local)
    {
        var functions = new List<IMethodSymbol>();
        var declaration = local.DeclaringSyntaxReferences.FirstOrDefault()?.Span;
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            var function = current switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation localFunction => localFunction.Symbol,
                _ => null,
            };
            if (function is null)
            {
                continue;
            }

            if (declaration is { } span && current.Syntax.Span.Contains(span))
            {
                break;
            }

            functions.Add(function);
        }

        return functions;
    }

    private static void Add(Dictionary<IMethodSymbol, HashSet<ILocalSymbol>> map, IMethodSymbol function, ILocalSymbol local)
    {
        if (!map.TryGetValue(function, out var set))
        {
            map[function] = set = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        }

        set.Add(local);
    }

    private static bool Encloses(IMethodSymbol outer, IMethodSymbol inner)
    {
        for (var symbol = inner.ContainingSymbol; symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(symbol, outer))
            {
                return true;
            }
        }

        return false;
    }
}
