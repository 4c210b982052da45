using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;
using SocketGen.Sockets;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>
/// The lifecycle analysis of one control flow graph: tracks each local socket's possible states through
/// the state table (<see cref="SocketLifecycle"/>) and, in the report pass, reports a call whose misuse
/// holds for every state the socket can be in there, that is, on every path that reaches it.
/// </summary>
internal sealed class SocketLifecycleFlow : FlowAnalysis<SocketFacts>
{
    private readonly SocketApi _api;
    private readonly SemanticModel? _model;
    private readonly Action<Diagnostic> _report;

    /// <summary>Creates the analysis of one graph.</summary>
    /// <param name="api">The socket API of the compilation.</param>
    /// <param name="model">The semantic model of the graph's code (operations inside a graph may not carry one).</param>
    /// <param name="report">Where diagnostics go.</param>
    public SocketLifecycleFlow(SocketApi api, SemanticModel? model, Action<Diagnostic> report)
    {
        _api = api;
        _model = model;
        _report = report;
    }

    /// <inheritdoc />
    public override bool IsTracked(ILocalSymbol local) => _api.TryGetFamily(local.Type, out _);

    /// <inheritdoc />
    public override SocketFacts Join(SocketFacts left, SocketFacts right) => SocketFacts.Join(left, right);

    /// <inheritdoc />
    /// <remarks>Tracked sockets come from constructors and accepts, which never return null.</remarks>
    public override bool IsNonNull(SocketFacts value) => true;

    /// <inheritdoc />
    public override bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<SocketFacts> state, out SocketFacts result)
        => _api.TryGetCreatedFacts(value, operation => state.TryResolveLocal(operation, out var listener) ? listener : null, out result);

    /// <inheritdoc />
    public override bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user)
        => user is IArgumentOperation { Parent: IInvocationOperation invocation } argument
            && _api.IsSocketTaskExtension(invocation.TargetMethod)
            && invocation.Arguments.Length > 0
            && invocation.Arguments[0] == argument;

    /// <inheritdoc />
    /// <remarks>
    /// A socket captured by a lambda is analysed in the state it has where the lambda is created, when
    /// nothing can change it before its end; a local function in the state at its calls.
    /// </remarks>
    public override bool AnalysesCapturedLocals => true;

    /// <inheritdoc />
    public override CapturedUse ClassifyCapturedUse(ILocalSymbol local, IOperation reference)
    {
        if (!_api.TryGetFamily(local.Type, out var family))
        {
            return CapturedUse.Changes;
        }

        IOperation used = reference;
        while (used.Parent is IConversionOperation or IParenthesizedOperation)
        {
            used = used.Parent;
        }

        var call = used.Parent switch
        {
            IInvocationOperation invocation when _api.Receiver(invocation) == used => SocketApi.ClassifyMethod(family, invocation.TargetMethod),
            IPropertyReferenceOperation property when property.Instance == used => SocketApi.ClassifyProperty(family, property.Property),
            _ => SocketCall.None,
        };
        return call.Kind switch
        {
            SocketCallKind.None or SocketCallKind.Use => CapturedUse.Keeps,
            SocketCallKind.Operation when call.Operation == SocketOperation.Close => CapturedUse.Ends,
            SocketCallKind.Operation when !IsTransition(call.Operation) => CapturedUse.Keeps,
            _ => CapturedUse.Changes,
        };
    }

    /// <inheritdoc />
    public override void Transfer(IOperation operation, FlowState<SocketFacts> state, FlowPass pass)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                if (state.TryGetValue(_api.Receiver(invocation), out var local, out var facts) && _api.TryGetFamily(local.Type, out var family))
                {
                    var call = SocketApi.ClassifyMethod(family, invocation.TargetMethod);
                    Apply(invocation, invocation.TargetMethod.Name, local, facts, call, state, pass);
                }

                break;
            case IPropertyReferenceOperation property when property.Instance is not null:
                if (state.TryGetValue(property.Instance, out var owner, out var ownerFacts) && _api.TryGetFamily(owner.Type, out var ownerFamily))
                {
                    Apply(property, property.Property.Name, owner, ownerFacts, SocketApi.ClassifyProperty(ownerFamily, property.Property), state, pass);
                }

                break;
        }
    }

    private void Apply(IOperation operation, string member, ILocalSymbol local, SocketFacts facts, SocketCall call, FlowState<SocketFacts> state, FlowPass pass)
    {
        if (call.Kind == SocketCallKind.None)
        {
            return;
        }

        if (pass == FlowPass.Report)
        {
            Report(operation, member, local, facts, call, state);
        }

        switch (call.Kind)
        {
            case SocketCallKind.Operation:
                var states = 0;
                foreach (var before in facts.PossibleStates())
                {
                    // A call that is illegal in the state throws and changes nothing, except Listen without
                    // Bind, which Linux allows (an ephemeral port): the socket listens after it.
                    var misuse = SocketLifecycle.Check(before, call.Operation);
                    var after = misuse is SocketMisuse.None or SocketMisuse.ListenWithoutBind
                        ? SocketLifecycle.Next(before, call.Operation)
                        : before;
                    states |= SocketFacts.Bit(after);
                }

                // The cause is the call that put the socket in its state: a call that changed nothing (it threw on
                // every path) keeps the earlier one, so a Connect on a listening socket does not become the
                // reason it is listening.
                if (IsTransition(call.Operation) && states != facts.States)
                {
                    state.Set(local, facts.WithStates(states, new SocketCause(member, operation)));
                }

                break;
            case SocketCallKind.UseThenUnknown:
                state.Forget(local);
                break;
            case SocketCallKind.StopListening:
                state.Set(local, facts.WithStates(SocketFacts.Bit(SocketState.Bound), new SocketCause(member, operation)));
                break;
        }
    }

    private static bool IsTransition(SocketOperation operation)
        => operation is SocketOperation.Bind or SocketOperation.Listen or SocketOperation.Connect or SocketOperation.Close;

    private void Report(IOperation operation, string member, ILocalSymbol local, SocketFacts facts, SocketCall call, FlowState<SocketFacts> state)
    {
        var rule = FindRule(facts, call, out var cause);
        if (rule is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.Variable, local.Name);
        if (rule == LifecycleRules.ConnectOnListening || rule == LifecycleRules.DataOnListening)
        {
            var accepted = FindAcceptedSocketInScope(_model ?? operation.SemanticModel, operation, local, state);
            if (accepted is not null)
            {
                properties = properties.Add(DiagnosticPropertyKeys.AcceptedSocket, accepted.Name);
            }
        }

        var additional = rule == LifecycleRules.UseAfterClose && facts.Cause is not null
            ? new[] { facts.Cause.Location }
            : Array.Empty<Location>();
        _report(Diagnostic.Create(rule, operation.Syntax.GetLocation(), additional, properties, member, local.Name, cause?.Describe() ?? "earlier calls"));
    }

    /// <summary>The rule broken on every path, if any; <paramref name="cause"/> is the earlier call to name.</summary>
    private static DiagnosticDescriptor? FindRule(SocketFacts facts, SocketCall call, out SocketCause? cause)
    {
        cause = facts.Cause;
        if (call.Kind == SocketCallKind.Operation
            && call.Operation is SocketOperation.Listen or SocketOperation.Accept
            && facts.Kinds == SocketKinds.Dgram)
        {
            cause = facts.KindCause;
            return LifecycleRules.ConnectionlessListen;
        }

        if (call.Kind is SocketCallKind.Use or SocketCallKind.UseThenUnknown)
        {
            // Members outside the table: the table's rule for anything but Close after close.
            return facts.IsDefinitely(SocketState.Closed) ? LifecycleRules.UseAfterClose : null;
        }

        if (call.Kind != SocketCallKind.Operation)
        {
            return null;
        }

        var misuse = SocketMisuse.None;
        foreach (var state in facts.PossibleStates())
        {
            var found = SocketLifecycle.Check(state, call.Operation);
            if (found == SocketMisuse.None || (misuse != SocketMisuse.None && found != misuse))
            {
                return null; // fine on some path, or wrong in different ways: nothing definite to say
            }

            misuse = found;
        }

        switch (misuse)
        {
            case SocketMisuse.ConnectOnListening:
                return LifecycleRules.ConnectOnListening;
            case SocketMisuse.ListenWithoutBind:
                return LifecycleRules.ListenWithoutBind;
            case SocketMisuse.AcceptWithoutListen when call.Operation == SocketOperation.Accept:
                return LifecycleRules.AcceptWithoutListen;
            case SocketMisuse.UseAfterClose:
                return LifecycleRules.UseAfterClose;
            case SocketMisuse.BindTwice:
                return LifecycleRules.BindTwice;
            case SocketMisuse.ConnectWhenConnected when facts.Kinds == SocketKinds.Stream:
                return LifecycleRules.ConnectWhenConnected; // a datagram socket may connect again
            case SocketMisuse.DataOnListening when call.Operation is SocketOperation.Send or SocketOperation.Receive:
                return LifecycleRules.DataOnListening;
            default:
                return null;
        }
    }

    private static ILocalSymbol? FindAcceptedSocketInScope(SemanticModel? model, IOperation operation, ILocalSymbol listener, FlowState<SocketFacts> state)
    {
        if (model is null)
        {
            return null;
        }

        ILocalSymbol? best = null;
        foreach (var entry in state.KnownLocals)
        {
            var candidate = entry.Key;
            if (!entry.Value.IsDefinitely(SocketState.Connected)
                || !SymbolEqualityComparer.Default.Equals(entry.Value.AcceptedFrom, listener)
                || SymbolEqualityComparer.Default.Equals(candidate, listener)
                || !SymbolEqualityComparer.Default.Equals(candidate.Type, listener.Type)
                || (best is not null && string.CompareOrdinal(candidate.Name, best.Name) >= 0))
            {
                continue;
            }

            var visible = model.LookupSymbols(operation.Syntax.SpanStart, name: candidate.Name);
            if (visible.Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, candidate)))
            {
                best = candidate;
            }
        }

        return best;
    }
}
