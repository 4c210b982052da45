using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Native;

/// <summary>
/// The flow analysis behind SG3001 and SG3002: for each local passed as the address length of a
/// native accept, accept4, getpeername, getsockname or recvfrom (<c>&amp;len</c> or <c>ref len</c>),
/// the set of ways it got its value on the paths that reach each point: unset, an assignment (with
/// what is known of the value), or written back by one of those calls on an earlier loop iteration.
/// </summary>
internal sealed class AddressLengthFlow : FlowAnalysis<ImmutableHashSet<AddressLengthFact>>
{
    private static readonly ImmutableHashSet<AddressLengthFact> s_unset = ImmutableHashSet.Create(new AddressLengthFact(AddressLengthSource.Unset, null, default));

    private readonly ISet<ILocalSymbol> _lengthLocals;
    private readonly Action<Diagnostic> _report;
    private readonly HashSet<SyntaxNode> _reported = new();

    public AddressLengthFlow(ISet<ILocalSymbol> lengthLocals, Action<Diagnostic> report)
    {
        _lengthLocals = lengthLocals;
        _report = report;
    }

    /// <summary>
    /// The local passed as the address length of <paramref name="invocation"/> (<c>&amp;len</c> or
    /// <c>ref len</c>), with the function; null when the call is not one of the value-result functions.
    /// </summary>
    public static ILocalSymbol? LengthLocal(IInvocationOperation invocation, out NativeSocketFunction function)
    {
        function = NativeSocketFunction.From(invocation.TargetMethod);
        if (!function.LengthIsValueResult || NativeArguments.ArgumentFor(invocation, function.LengthOrdinal) is not { } argument)
        {
            return null;
        }

        var value = NativeArguments.Unwrap(argument.Value);
        if (value is IAddressOfOperation addressOf)
        {
            value = NativeArguments.Unwrap(addressOf.Reference);
        }
        else if (argument.Parameter?.RefKind != RefKind.Ref)
        {
            return null;
        }

        return value is ILocalReferenceOperation local ? local.Local : null;
    }

    /// <inheritdoc/>
    public override bool IsTracked(ILocalSymbol local) => _lengthLocals.Contains(local);

    /// <inheritdoc/>
    public override ImmutableHashSet<AddressLengthFact> Join(ImmutableHashSet<AddressLengthFact> left, ImmutableHashSet<AddressLengthFact> right)
        => left.Union(right);

    /// <inheritdoc/>
    public override bool ValueEquals(ImmutableHashSet<AddressLengthFact> left, ImmutableHashSet<AddressLengthFact> right)
        => left.SetEquals(right);

    /// <inheritdoc/>
    public override bool TryGetValueOnScopeEntry(ILocalSymbol local, out ImmutableHashSet<AddressLengthFact> value)
    {
        value = s_unset;
        return true;
    }

    /// <inheritdoc/>
    public override bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<ImmutableHashSet<AddressLengthFact>> state, out ImmutableHashSet<AddressLengthFact> result)
    {
        var site = value.Parent?.Syntax ?? value.Syntax;
        result = ImmutableHashSet.Create(new AddressLengthFact(AddressLengthSource.Assigned, site, NativeArguments.ReadLength(value)));
        return true;
    }

    /// <inheritdoc/>
    public override bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user)
    {
        // &len or ref len handed to the native call itself: Transfer models what the call does.
        var argument = user is IAddressOfOperation addressOf ? Parent(addressOf) : user;
        return argument is IArgumentOperation { Parent: IInvocationOperation invocation }
            && SymbolEqualityComparer.Default.Equals(LengthLocal(invocation, out _), local);
    }

    /// <inheritdoc/>
    public override void Transfer(IOperation operation, FlowState<ImmutableHashSet<AddressLengthFact>> state, FlowPass pass)
    {
        if (operation is not IInvocationOperation invocation || LengthLocal(invocation, out var function) is not { } local)
        {
            return;
        }

        if (state.TryGetValue(local, out var facts))
        {
            if (pass == FlowPass.Report && _reported.Add(invocation.Syntax))
            {
                Check(invocation, function, local, facts);
            }

            // The call writes back the size of the address it stored.
            state.Set(local, ImmutableHashSet.Create(new AddressLengthFact(AddressLengthSource.WrittenByCall, invocation.Syntax, default)));
        }
    }

    private void Check(IInvocationOperation invocation, NativeSocketFunction function, ILocalSymbol local, ImmutableHashSet<AddressLengthFact> facts)
    {
        var address = NativeArguments.ArgumentFor(invocation, function.AddressOrdinal);
        if (address is null || IsNullAddress(address.Value))
        {
            // accept(fd, NULL, ...) stores no address: the length is not read.
            return;
        }

        var bufferType = NativeArguments.AddressedStruct(address);
        var loop = InnermostLoop(invocation.Syntax);
        var writtenBack = false;
        var resetInLoop = false;
        var allWrong = true;
        var anyBeforeCall = false;
        foreach (var fact in facts)
        {
            if (fact.Source == AddressLengthSource.WrittenByCall)
            {
                writtenBack = true;
                continue;
            }

            anyBeforeCall = true;
            if (loop is not null && fact.Site is not null && IsInRepeatedPart(loop, fact.Site))
            {
                resetInLoop = true;
            }

            if (!fact.IsWrongFor(bufferType))
            {
                allWrong = false;
            }
        }

        if (writtenBack && loop is not null && !resetInLoop)
        {
            // SG3002 takes precedence: resetting before the call fixes the first iteration too.
            _report(Diagnostic.Create(IoAndNativeRules.AddressLengthNotReset, invocation.Syntax.GetLocation(), local.Name, function.NativeName));
            return;
        }

        if (anyBeforeCall && allWrong && !writtenBack)
        {
            _report(Diagnostic.Create(IoAndNativeRules.AddressLengthNotInitialized, invocation.Syntax.GetLocation(), local.Name, function.NativeName, Describe(facts, bufferType)));
        }
    }

    private static string Describe(ImmutableHashSet<AddressLengthFact> facts, ITypeSymbol? bufferType)
    {
        if (facts.All(f => f.Source == AddressLengthSource.Unset))
        {
            return "before it is set";
        }

        var values = facts
            .Select(f => f.Source == AddressLengthSource.Unset ? "unset" : f.Length.Describe())
            .Distinct()
            .OrderBy(v => v, StringComparer.Ordinal);
        var size = bufferType is null ? null : SockaddrShape.SizeOf(bufferType);
        var text = "holding " + string.Join(" or ", values);
        return size is null ? text : text + " for a " + bufferType!.Name + " of " + size.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
    }

    private static bool IsNullAddress(IOperation value)
    {
        var unwrapped = NativeArguments.Unwrap(value);
        if (unwrapped is null)
        {
            return false;
        }

        if (unwrapped.ConstantValue is { HasValue: true } constant && (constant.Value is null || constant.Value is 0 or 0L))
        {
            return true;
        }

        return unwrapped is IFieldReferenceOperation { Field.Name: "Zero" } field
            && field.Field.ContainingType?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            || unwrapped is IDefaultValueOperation;
    }

    private static SyntaxNode? InnermostLoop(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case WhileStatementSyntax:
                case DoStatementSyntax:
                case ForStatementSyntax:
                case CommonForEachStatementSyntax:
                    return ancestor;
                case MemberDeclarationSyntax:
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="node"/> runs on every iteration of <paramref name="loop"/> (not in a for initializer or a foreach collection).</summary>
    private static bool IsInRepeatedPart(SyntaxNode loop, SyntaxNode node)
    {
        switch (loop)
        {
            case ForStatementSyntax forLoop:
                return forLoop.Statement.Span.Contains(node.Span)
                    || (forLoop.Condition?.Span.Contains(node.Span) ?? false)
                    || forLoop.Incrementors.Any(i => i.Span.Contains(node.Span));
            case CommonForEachStatementSyntax forEach:
                return forEach.Statement.Span.Contains(node.Span);
            default:
                return loop.Span.Contains(node.Span);
        }
    }

    private static IOperation? Parent(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }
}
