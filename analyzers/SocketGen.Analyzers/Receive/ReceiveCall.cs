using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Native;
using SocketGen.Analyzers.Values;

namespace SocketGen.Analyzers.Receive;

/// <summary>
/// Recognises the Socket receive calls whose result is a byte count (Receive, ReceiveFrom,
/// ReceiveMessageFrom and their Task/ValueTask async variants), and what they receive into.
/// SocketAsyncEventArgs and APM variants (bool and IAsyncResult results) are not counts.
/// </summary>
internal static class ReceiveCall
{
    /// <summary>True when <paramref name="invocation"/> is a Socket receive that returns a count.</summary>
    public static bool IsReceive(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.ToDisplayString() != "System.Net.Sockets.Socket"
            || method.Name is not ("Receive" or "ReceiveFrom" or "ReceiveMessageFrom" or "ReceiveAsync" or "ReceiveFromAsync" or "ReceiveMessageFromAsync"))
        {
            return false;
        }

        var result = method.ReturnType;
        if (result is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task
            && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            && task.Name is "Task" or "ValueTask")
        {
            result = task.TypeArguments[0];
        }

        return result.SpecialType == SpecialType.System_Int32
            || result.Name is "SocketReceiveFromResult" or "SocketReceiveMessageFromResult";
    }

    /// <summary>
    /// The operation that holds the call's count: the call itself, or the await around it (through
    /// ConfigureAwait).
    /// </summary>
    public static IOperation ResultOf(IInvocationOperation invocation)
    {
        IOperation result = invocation;
        if (result.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == result)
        {
            result = configure;
        }

        if (result.Parent is IAwaitOperation awaited)
        {
            result = awaited;
        }

        return result;
    }

    /// <summary>The operation that receives the value (<paramref name="operation"/>'s parent, past conversions and parentheses).</summary>
    public static IOperation? Consumer(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The variable a receive fills: the array, span or memory passed as its buffer (also through
    /// <c>AsSpan</c>, <c>AsMemory</c>, <c>new ArraySegment</c> or <c>new Memory</c>); null when it is not
    /// a local, parameter or field.
    /// </summary>
    public static ISymbol? BufferOf(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "buffer" or "buffers")
            {
                return Variable(argument.Value, allowSlices: true);
            }
        }

        return null;
    }

    /// <summary>
    /// The local, parameter or field <paramref name="value"/> refers to, through conversions and, when
    /// <paramref name="allowSlices"/>, through AsSpan/AsMemory/ArraySegment/Memory wrappers with bounds.
    /// </summary>
    public static ISymbol? Variable(IOperation? value, bool allowSlices)
    {
        value = NativeArguments.Unwrap(value);
        switch (value)
        {
            case ILocalReferenceOperation local:
                return local.Local;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return field.Field;
            case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory", Arguments.Length: > 0 } slice
                when allowSlices || slice.Arguments.Length == 1:
                return Variable(slice.Arguments[0].Value, allowSlices: false);
            case IObjectCreationOperation { Type.Name: "ArraySegment" or "Memory" or "Span", Arguments.Length: > 0 } wrapper when allowSlices:
                return Variable(wrapper.Arguments[0].Value, allowSlices: false);
            default:
                return null;
        }
    }

    /// <summary>
    /// True when the call receives at most one byte: into a one-byte buffer (<c>new byte[1]</c> or
    /// <c>stackalloc byte[1]</c> held by a local written once or by a <c>static readonly</c> field), a
    /// one-byte slice (<c>AsSpan(i, 1)</c>, <c>new ArraySegment&lt;byte&gt;(b, i, 1)</c>), or with a size
    /// argument of 1. It cannot be filled in part, only not at all.
    /// </summary>
    public static bool IntoSingleByte(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Any(a => a.Parameter?.Name is "size" or "count" && a.Value.ConstantValue is { HasValue: true, Value: 1 }))
        {
            return true;
        }

        var value = NativeArguments.Unwrap(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "buffer")?.Value);
        if (value is ILocalReferenceOperation local)
        {
            value = NativeArguments.Unwrap(SingleAssignment.ValueOf(local));
        }

        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                return array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 1 };
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }:
                return field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initializer } && IsOneByteArraySyntax(initializer));
            case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice", Arguments.Length: > 0 } slice:
                return slice.Arguments[slice.Arguments.Length - 1] is { Parameter.Name: "length" } length && length.Value.ConstantValue is { HasValue: true, Value: 1 };
            case IObjectCreationOperation { Type.Name: "ArraySegment" or "Memory" or "Span", Arguments.Length: 3 } wrapper:
                return wrapper.Arguments[2].Value.ConstantValue is { HasValue: true, Value: 1 };
            default:
                return value is not null && IsOneByteArraySyntax(value.Syntax);
        }
    }

    /// <summary><c>new byte[1]</c> or <c>stackalloc byte[1]</c>, read from syntax (a field's initializer is not in this operation tree).</summary>
    private static bool IsOneByteArraySyntax(SyntaxNode syntax)
    {
        var type = syntax switch
        {
            ArrayCreationExpressionSyntax array => array.Type,
            StackAllocArrayCreationExpressionSyntax stackAlloc => stackAlloc.Type as ArrayTypeSyntax,
            _ => null,
        };
        return type is { RankSpecifiers.Count: 1 } && type.RankSpecifiers[0].Sizes.Count == 1
            && type.RankSpecifiers[0].Sizes[0] is LiteralExpressionSyntax { Token.ValueText: "1" };
    }

    /// <summary>
    /// True when the bytes received may be read after the call: the buffer is a parameter, a field or
    /// any other place that outlives the method, or a local read after the receive (or anywhere in a loop
    /// around it). A fresh array or stackalloc passed straight in, or a local never read again, is
    /// discarded: the receive only waits for the peer (or for it to close).
    /// </summary>
    public static bool BufferIsReadAfterwards(IInvocationOperation invocation, IOperation block)
    {
        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "buffer" or "buffers")?.Value;
        var value = NativeArguments.Unwrap(argument);
        while (value is IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice", Arguments.Length: > 0 } slice)
        {
            value = NativeArguments.Unwrap(slice.Instance ?? slice.Arguments[0].Value);
        }

        if (value is IObjectCreationOperation { Type.Name: "ArraySegment" or "Memory" or "Span", Arguments.Length: > 0 } wrapper)
        {
            value = NativeArguments.Unwrap(wrapper.Arguments[0].Value);
        }

        switch (value)
        {
            case null:
            case IArrayCreationOperation:
            case IObjectCreationOperation:
                return false;
            case ILocalReferenceOperation local:
                return IsLocalReadAfter(local.Local, invocation, block);
            default:
                return value.Syntax is not StackAllocArrayCreationExpressionSyntax;
        }
    }

    private static bool IsLocalReadAfter(ILocalSymbol local, IInvocationOperation receive, IOperation block)
    {
        var receiveSpan = receive.Syntax.Span;
        var loop = receive.Syntax.Ancestors().FirstOrDefault(a => a is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax);
        foreach (var reference in block.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(reference.Local, local)
                || receiveSpan.Contains(reference.Syntax.Span)
                || (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference))
            {
                continue;
            }

            if (reference.Syntax.SpanStart > receiveSpan.End || (loop is not null && loop.Span.Contains(reference.Syntax.Span)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the socket the call is made on is certainly not a stream socket (see <see cref="NonStreamSocket"/>).</summary>
    public static bool IsOnNonStreamSocket(IInvocationOperation invocation) => NonStreamSocket.Is(invocation.Instance);
}
