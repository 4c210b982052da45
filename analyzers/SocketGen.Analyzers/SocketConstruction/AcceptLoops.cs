using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Receive;

namespace SocketGen.Analyzers.SocketConstruction;

/// <summary>
/// What one type does with its listening sockets, gathered while its members are analysed: the accepts
/// and on which variable, which variables hand a listener to which (a field assigned from a local, an
/// argument bound to a parameter of a method of the same type), and which of its functions call or
/// subscribe which. A listener serves an accept loop when one of the variables it reaches is accepted on
/// inside a loop that does not also create it, inside a function that calls itself again (a
/// SocketAsyncEventArgs or Begin/End accept loop), or inside a function called (directly or through
/// others) from inside a loop. Thread-safe: members are analysed concurrently.
/// </summary>
internal sealed class AcceptLoops
{
    private readonly object _gate = new();
    private readonly List<(ISymbol Variable, ISymbol Function, SyntaxNode Call)> _accepts = new();
    private readonly Dictionary<ISymbol, HashSet<ISymbol>> _aliases = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, HashSet<ISymbol>> _calls = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _calledInLoops = new(SymbolEqualityComparer.Default);

    /// <summary>True for the accept members of Socket and TcpListener.</summary>
    public static bool IsAccept(IMethodSymbol method)
        => method.ContainingType?.ToDisplayString() switch
        {
            "System.Net.Sockets.Socket" => method.Name is "Accept" or "AcceptAsync" or "BeginAccept",
            "System.Net.Sockets.TcpListener" => method.Name is "AcceptSocket" or "AcceptTcpClient" or "AcceptSocketAsync" or "AcceptTcpClientAsync" or "BeginAcceptSocket" or "BeginAcceptTcpClient",
            _ => false,
        };

    /// <summary>Records what <paramref name="invocation"/> tells about accepts, hand-overs and calls.</summary>
    public void Record(IInvocationOperation invocation, ISymbol member)
    {
        // Most calls go elsewhere and hand over no listener: they are skipped before any lock or walk.
        var target = invocation.TargetMethod.OriginalDefinition;
        var isAccept = IsAccept(invocation.TargetMethod);
        var isOwn = IsOwn(target, member);
        var handsOver = invocation.Arguments.Any(a => IsListenerType(SkipConversion(a.Value).Type));
        if (!isAccept && !isOwn && !handsOver)
        {
            return;
        }

        var function = FunctionOf(invocation, member);
        var inLoop = isOwn && InLoopWithout(invocation.Syntax, listen: null);
        lock (_gate)
        {
            if (isOwn)
            {
                Add(_calls, function, target);
                if (inLoop)
                {
                    _calledInLoops.Add(target);
                }
            }

            if (isAccept && ReceiveCall.Variable(invocation.Instance, allowSlices: false) is { } variable)
            {
                _accepts.Add((variable, function, invocation.Syntax));
            }

            foreach (var argument in handsOver ? invocation.Arguments : ImmutableArray<IArgumentOperation>.Empty)
            {
                if (argument.Parameter is not { } parameter || ReceiveCall.Variable(argument.Value, allowSlices: false) is not { } passed)
                {
                    continue;
                }

                if (IsListenerType(parameter.Type))
                {
                    AddBoth(passed, parameter.OriginalDefinition);
                }
                else if (parameter.Type.SpecialType == SpecialType.System_Object && IsListenerType(argument.Value is IConversionOperation conversion ? conversion.Operand.Type : argument.Value.Type))
                {
                    // A state object (Thread.Start(listener), QueueUserWorkItem(callback, listener)): it
                    // reaches whichever callback of the type casts its object parameter back.
                    AddBoth(passed, parameter.Type);
                }
            }
        }
    }

    /// <summary>Records a method group handed on (<c>e.Completed += AcceptCompleted</c>, <c>BeginAccept(OnAccept, ...)</c>) as a call.</summary>
    public void Record(IMethodReferenceOperation reference, ISymbol member)
    {
        if (!IsOwn(reference.Method, member))
        {
            return;
        }

        lock (_gate)
        {
            Add(_calls, FunctionOf(reference, member), reference.Method.OriginalDefinition);
        }
    }

    /// <summary>Records a listener stored in another variable (<c>_listener = listener</c>).</summary>
    public void Record(ISimpleAssignmentOperation assignment)
        => RecordCopy(ReceiveCall.Variable(assignment.Target, allowSlices: false), assignment.Target.Type, assignment.Value);

    /// <summary>Records a local initialised with a listener (<c>var listener = (Socket)state;</c>).</summary>
    public void Record(IVariableDeclaratorOperation declarator)
    {
        if (declarator.Initializer is { } initializer)
        {
            RecordCopy(declarator.Symbol, declarator.Symbol.Type, initializer.Value);
        }
    }

    private void RecordCopy(ISymbol? target, ITypeSymbol? type, IOperation value)
    {
        if (target is null || !IsListenerType(type) || ReceiveCall.Variable(value, allowSlices: false) is not { } source)
        {
            return;
        }

        lock (_gate)
        {
            AddBoth(target, source);
            if (source is IParameterSymbol { Type.SpecialType: SpecialType.System_Object } state)
            {
                // A callback's state object cast back to the listener: see the state-object hand-over above.
                AddBoth(source, state.Type);
            }
        }
    }

    /// <summary>True when the listener in <paramref name="variable"/>, made listening at <paramref name="listen"/>, serves an accept loop.</summary>
    public bool ServesAcceptLoop(ISymbol variable, SyntaxNode listen)
    {
        lock (_gate)
        {
            var reached = Reach(_aliases, variable);
            foreach (var (accepted, function, call) in _accepts)
            {
                if (reached.Contains(accepted) && (InLoopWithout(call, listen) || Reach(_calls, function, start: false).Contains(function) || IsCalledInLoop(function)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when <paramref name="function"/>, or a function that calls it, is called from inside a loop.</summary>
    private bool IsCalledInLoop(ISymbol function)
    {
        foreach (var looped in _calledInLoops)
        {
            if (Reach(_calls, looped).Contains(function))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local function, or a method of the type being analysed: the calls that can close a loop.</summary>
    private static bool IsOwn(IMethodSymbol method, ISymbol member)
        => method.MethodKind == MethodKind.LocalFunction || SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, member.ContainingType?.OriginalDefinition);

    private static IOperation SkipConversion(IOperation value) => value is IConversionOperation conversion ? conversion.Operand : value;

    private static bool IsListenerType(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Socket" or "TcpListener" } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets";

    /// <summary>The local function the operation is in, else the member being analysed (lambdas belong to the function around them).</summary>
    private static ISymbol FunctionOf(IOperation operation, ISymbol member)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation local)
            {
                return local.Symbol;
            }
        }

        return member is IMethodSymbol method ? method.OriginalDefinition : member;
    }

    /// <summary>True when a loop statement around <paramref name="call"/> (within its member) does not also hold <paramref name="listen"/>.</summary>
    private static bool InLoopWithout(SyntaxNode call, SyntaxNode? listen)
    {
        foreach (var ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    if (listen is null || !ancestor.Span.Contains(listen.Span) || ancestor.SyntaxTree != listen.SyntaxTree)
                    {
                        return true;
                    }

                    break;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static HashSet<ISymbol> Reach(Dictionary<ISymbol, HashSet<ISymbol>> edges, ISymbol from, bool start = true)
    {
        var reached = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ISymbol>();
        if (start)
        {
            reached.Add(from);
        }

        pending.Push(from);
        while (pending.Count > 0)
        {
            if (!edges.TryGetValue(pending.Pop(), out var next))
            {
                continue;
            }

            foreach (var symbol in next)
            {
                if (reached.Add(symbol))
                {
                    pending.Push(symbol);
                }
            }
        }

        return reached;
    }

    private void AddBoth(ISymbol left, ISymbol right)
    {
        Add(_aliases, left, right);
        Add(_aliases, right, left);
    }

    private static void Add(Dictionary<ISymbol, HashSet<ISymbol>> edges, ISymbol from, ISymbol to)
    {
        if (!edges.TryGetValue(from, out var set))
        {
            edges[from] = set = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        }

        set.Add(to);
    }
}
