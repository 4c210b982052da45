using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;
using SocketGen.Analyzers.Native;

namespace SocketGen.Analyzers.Receive;

/// <summary>
/// The flow analysis behind SG2001's second half: a count local holds the receives whose count it
/// stored and nobody has looked at yet. Any read of the count other than a zero check (the end-of-stream
/// test) forgets it; when the buffer is then used whole (passed on with no length beside it) while the
/// count is unread on every path, the receive is reported.
/// </summary>
internal sealed class ReceiveCountFlow : FlowAnalysis<ImmutableHashSet<PendingReceive>>
{
    private readonly ISet<ILocalSymbol> _countLocals;
    private readonly ISet<SyntaxNode> _receives;
    private readonly Action<SyntaxNode, PendingReceive, ILocalSymbol> _report;
    private readonly HashSet<SyntaxNode> _reported = new();

    /// <param name="countLocals">The int locals that store a receive's count somewhere in the block.</param>
    /// <param name="receives">The receive calls on sockets that may be stream sockets.</param>
    /// <param name="report">Reports a pending receive whose buffer is used in full at the given node.</param>
    public ReceiveCountFlow(ISet<ILocalSymbol> countLocals, ISet<SyntaxNode> receives, Action<SyntaxNode, PendingReceive, ILocalSymbol> report)
    {
        _countLocals = countLocals;
        _receives = receives;
        _report = report;
    }

    /// <inheritdoc/>
    public override bool IsTracked(ILocalSymbol local) => _countLocals.Contains(local);

    /// <inheritdoc/>
    public override ImmutableHashSet<PendingReceive> Join(ImmutableHashSet<PendingReceive> left, ImmutableHashSet<PendingReceive> right)
        => left.Union(right);

    /// <inheritdoc/>
    public override bool ValueEquals(ImmutableHashSet<PendingReceive> left, ImmutableHashSet<PendingReceive> right)
        => left.SetEquals(right);

    /// <inheritdoc/>
    public override bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<ImmutableHashSet<PendingReceive>> state, out ImmutableHashSet<PendingReceive> result)
    {
        result = ImmutableHashSet<PendingReceive>.Empty;
        var unwrapped = NativeArguments.Unwrap(value);
        if (unwrapped is IAwaitOperation awaited)
        {
            unwrapped = NativeArguments.Unwrap(awaited.Operation);
        }

        if (unwrapped is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure)
        {
            unwrapped = NativeArguments.Unwrap(configure.Instance);
        }

        if (unwrapped is not IInvocationOperation receive
            || !_receives.Contains(receive.Syntax)
            || ReceiveCall.BufferOf(receive) is not { } buffer)
        {
            return false;
        }

        result = ImmutableHashSet.Create(new PendingReceive(receive.Syntax, buffer));
        return true;
    }

    /// <inheritdoc/>
    public override bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user) => IsZeroCheck(reference);

    /// <inheritdoc/>
    public override void Transfer(IOperation operation, FlowState<ImmutableHashSet<PendingReceive>> state, FlowPass pass)
    {
        switch (operation)
        {
            case ILocalReferenceOperation reference when _countLocals.Contains(reference.Local):
                if (!IsAssignmentTarget(reference) && !IsZeroCheck(reference))
                {
                    // The count is looked at: whatever follows is the developer's considered use.
                    state.Forget(reference.Local);
                }

                break;

            case ISimpleAssignmentOperation assignment when ReceiveCall.Variable(assignment.Target, allowSlices: false) is { } written:
                ForgetBuffer(state, written);
                break;

            case IInvocationOperation invocation:
                CheckWholeUse(invocation, invocation.Arguments, state, pass);
                break;

            case IObjectCreationOperation creation:
                CheckWholeUse(creation, creation.Arguments, state, pass);
                break;
        }
    }

    private void CheckWholeUse(IOperation call, ImmutableArray<IArgumentOperation> arguments, FlowState<ImmutableHashSet<PendingReceive>> state, FlowPass pass)
    {
        if (pass != FlowPass.Report || arguments.IsEmpty || !UsesBufferInFull(call, arguments, out var buffer))
        {
            return;
        }

        foreach (var known in state.KnownLocals)
        {
            foreach (var pending in known.Value)
            {
                if (SymbolEqualityComparer.Default.Equals(pending.Buffer, buffer) && _reported.Add(pending.Call))
                {
                    _report(call.Syntax, pending, known.Key);
                }
            }
        }
    }

    /// <summary>
    /// True when the call takes a buffer variable whole and no length beside it: <c>Decode(buffer)</c>,
    /// <c>Encoding.UTF8.GetString(buffer)</c>, <c>buffer.AsSpan()</c>. Calls that fill or clear the
    /// buffer, and Socket's own members, are not uses.
    /// </summary>
    private static bool UsesBufferInFull(IOperation call, ImmutableArray<IArgumentOperation> arguments, out ISymbol? buffer)
    {
        buffer = null;
        if (call is IInvocationOperation { TargetMethod: { } method }
            && (method.ContainingType?.ToDisplayString() == "System.Net.Sockets.Socket"
                || method.Name.StartsWith("Receive", StringComparison.Ordinal)
                || method.Name.StartsWith("Read", StringComparison.Ordinal)
                || method.Name is "Clear" or "Fill" or "Return" or "Resize" or "Rent"))
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            var type = argument.Value.Type;
            if (type is not null && IsIntegral(type.SpecialType))
            {
                // An offset or a length goes with it: the caller chose how much to use.
                return false;
            }

            buffer ??= ReceiveCall.Variable(argument.Value, allowSlices: false);
        }

        return buffer is not null;
    }

    private static void ForgetBuffer(FlowState<ImmutableHashSet<PendingReceive>> state, ISymbol buffer)
    {
        foreach (var known in state.KnownLocals.ToList())
        {
            var remaining = known.Value.Where(p => !SymbolEqualityComparer.Default.Equals(p.Buffer, buffer)).ToImmutableHashSet();
            if (remaining.Count == known.Value.Count)
            {
                continue;
            }

            if (remaining.IsEmpty)
            {
                state.Forget(known.Key);
            }
            else
            {
                state.Set(known.Key, remaining);
            }
        }
    }

    private static bool IsAssignmentTarget(IOperation reference)
        => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

    /// <summary>n == 0, n &lt;= 0, 0 &lt; n, n is 0 and the like: the end-of-stream test, which says nothing about how much arrived.</summary>
    private static bool IsZeroCheck(IOperation reference)
    {
        IOperation used = reference;
        var parent = reference.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            used = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                var other = binary.LeftOperand == used ? binary.RightOperand : binary.LeftOperand;
                return other.ConstantValue is { HasValue: true, Value: 0 or 1 };
            case IIsPatternOperation pattern:
                return pattern.Pattern switch
                {
                    IConstantPatternOperation constant => constant.Value.ConstantValue is { HasValue: true, Value: 0 },
                    IRelationalPatternOperation relational => relational.Value.ConstantValue is { HasValue: true, Value: 0 or 1 },
                    INegatedPatternOperation { Pattern: IConstantPatternOperation constant } => constant.Value.ConstantValue is { HasValue: true, Value: 0 },
                    _ => false,
                };
            default:
                return false;
        }
    }

    private static bool IsComparison(BinaryOperatorKind kind)
        => kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
            or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
            or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

    private static bool IsIntegral(SpecialType type)
        => type is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
}
