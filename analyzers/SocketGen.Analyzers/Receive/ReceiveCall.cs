using Microsoft.CodeAnalysis;
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
    /// True when the call receives into a one-byte buffer (<c>new byte[1]</c> or <c>stackalloc byte[1]</c>
    /// held by a local written once): it cannot be filled in part, only not at all.
    /// </summary>
    public static bool IntoSingleByte(IInvocationOperation invocation)
    {
        var buffer = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "buffer")?.Value;
        var value = NativeArguments.Unwrap(buffer);
        if (value is ILocalReferenceOperation local)
        {
            value = NativeArguments.Unwrap(SingleAssignment.ValueOf(local));
        }

        var size = value switch
        {
            IArrayCreationOperation { DimensionSizes.Length: 1 } array => array.DimensionSizes[0],
            _ => null,
        };
        if (size is null && value?.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax stackAlloc
            && stackAlloc.Type is Microsoft.CodeAnalysis.CSharp.Syntax.ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType
            && arrayType.RankSpecifiers[0].Sizes.Count == 1)
        {
            return arrayType.RankSpecifiers[0].Sizes[0] is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax { Token.ValueText: "1" };
        }

        return size?.ConstantValue is { HasValue: true, Value: 1 };
    }

    /// <summary>
    /// True when the socket the call is made on is certainly not a stream socket: a local written once
    /// with <c>new Socket(..., SocketType.Dgram/Raw/..., ...)</c>, or a UdpClient's Client.
    /// </summary>
    public static bool IsOnNonStreamSocket(IInvocationOperation invocation)
    {
        var receiver = NativeArguments.Unwrap(invocation.Instance);
        if (receiver is ILocalReferenceOperation local)
        {
            receiver = NativeArguments.Unwrap(SingleAssignment.ValueOf(local));
        }

        switch (receiver)
        {
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter?.Type.Name == "SocketType" && argument.Value.ConstantValue is { HasValue: true, Value: int type })
                    {
                        // SocketType.Stream is 1.
                        return type != 1;
                    }
                }

                return false;
            case IPropertyReferenceOperation { Property.Name: "Client" } client:
                return client.Property.ContainingType?.Name == "UdpClient";
            default:
                return false;
        }
    }
}
