using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Native;

namespace SocketGen.Analyzers.Values;

/// <summary>
/// Whether a socket value is certainly not a stream socket (a datagram, raw or other connectionless
/// socket), however it reaches the call: created right there, held by a local written once (captured by a
/// lambda or local function included), by a readonly field initialised with one, or a UdpClient's Client.
/// Shared by the rules that exempt connectionless sockets (SG2001 and SG2002).
/// </summary>
internal static class NonStreamSocket
{
    // SocketType.Stream is 1.
    private const int SocketTypeStream = 1;

    /// <summary>True when <paramref name="socket"/> is certainly a socket of another type than SocketType.Stream.</summary>
    public static bool Is(IOperation? socket)
    {
        var value = NativeArguments.Unwrap(socket);
        if (value is ILocalReferenceOperation local)
        {
            value = NativeArguments.Unwrap(SingleAssignment.ValueOf(local));
        }

        switch (value)
        {
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter?.Type.Name == "SocketType" && argument.Value.ConstantValue is { HasValue: true, Value: int type })
                    {
                        return type != SocketTypeStream;
                    }
                }

                return false;
            case IPropertyReferenceOperation { Property.Name: "Client" } client:
                return client.Property.ContainingType?.Name == "UdpClient";
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                return IsInitialisedAsNonStream(field);
            default:
                return false;
        }
    }

    /// <summary>A readonly field whose initializer creates a socket with a SocketType other than Stream.</summary>
    private static bool IsInitialisedAsNonStream(IFieldSymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } })
            {
                foreach (var argument in arguments.Arguments)
                {
                    // Read from syntax: the field's initializer belongs to another operation tree.
                    if (argument.Expression is MemberAccessExpressionSyntax { Expression: var type, Name.Identifier.ValueText: var name }
                        && type.ToString().EndsWith("SocketType", StringComparison.Ordinal))
                    {
                        return name != "Stream";
                    }
                }
            }
        }

        return false;
    }
}
