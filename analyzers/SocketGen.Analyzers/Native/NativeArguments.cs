using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Native;

/// <summary>A length value the native rules can judge: a constant, a sizeof of a known type, or neither.</summary>
internal readonly struct KnownLength
{
    public KnownLength(int? value, ITypeSymbol? sizeOfType)
    {
        Value = value;
        SizeOfType = sizeOfType;
    }

    /// <summary>The length in bytes, when known.</summary>
    public int? Value { get; }

    /// <summary>The type whose size the length is (sizeof(T), Marshal.SizeOf&lt;T&gt;()), when it is one.</summary>
    public ITypeSymbol? SizeOfType { get; }

    /// <summary>True when nothing is known about the length.</summary>
    public bool IsUnknown => Value is null && SizeOfType is null;

    /// <summary>How the length reads in a message: "16" or "sizeof(sockaddr_in) = 16".</summary>
    public string Describe()
    {
        if (SizeOfType is null)
        {
            return Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown length";
        }

        var name = SizeOfType.Name;
        return Value is null ? "sizeof(" + name + ")" : "sizeof(" + name + ") = " + Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Reads the address and length arguments of native socket calls.</summary>
internal static class NativeArguments
{
    /// <summary>The argument bound to the parameter with <paramref name="ordinal"/>, if any.</summary>
    public static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>Strips conversions and parentheses.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The variable an address argument points at: <c>&amp;addr</c>, <c>(sockaddr*)&amp;addr</c> or
    /// <c>ref addr</c>, where addr is a local, parameter or field; null for anything else.
    /// </summary>
    public static IOperation? AddressedVariable(IArgumentOperation argument)
    {
        var value = Unwrap(argument.Value);
        if (value is IAddressOfOperation addressOf)
        {
            value = Unwrap(addressOf.Reference);
        }
        else if (argument.Parameter is null || argument.Parameter.RefKind == RefKind.None)
        {
            return null;
        }

        return value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation ? value : null;
    }

    /// <summary>The struct type an address argument points at, when it is one.</summary>
    public static ITypeSymbol? AddressedStruct(IArgumentOperation argument)
    {
        var variable = AddressedVariable(argument);
        return variable?.Type is { TypeKind: TypeKind.Struct } type && type.SpecialType == SpecialType.None ? type : null;
    }

    /// <summary>
    /// What is known about a length expression: a constant, sizeof(T), Marshal.SizeOf&lt;T&gt;(),
    /// Marshal.SizeOf(typeof(T)), Marshal.SizeOf(value) or Unsafe.SizeOf&lt;T&gt;().
    /// </summary>
    public static KnownLength ReadLength(IOperation? operation)
    {
        var value = Unwrap(operation);
        if (value is null)
        {
            return default;
        }

        if (value is ISizeOfOperation sizeOf)
        {
            return new KnownLength(SockaddrShape.SizeOf(sizeOf.TypeOperand), sizeOf.TypeOperand);
        }

        if (value.ConstantValue.HasValue && value.ConstantValue.Value is { } constant && IsIntegral(constant))
        {
            return new KnownLength(System.Convert.ToInt32(constant, System.Globalization.CultureInfo.InvariantCulture), null);
        }

        if (value is IInvocationOperation invocation && invocation.TargetMethod.Name == "SizeOf")
        {
            var containing = invocation.TargetMethod.ContainingType?.ToDisplayString();
            if (containing != "System.Runtime.InteropServices.Marshal" && containing != "System.Runtime.CompilerServices.Unsafe")
            {
                return default;
            }

            ITypeSymbol? type = null;
            if (invocation.TargetMethod.TypeArguments.Length == 1)
            {
                type = invocation.TargetMethod.TypeArguments[0];
            }
            else if (invocation.Arguments.Length == 1)
            {
                var argument = Unwrap(invocation.Arguments[0].Value);
                type = argument is ITypeOfOperation typeOf ? typeOf.TypeOperand : argument?.Type;
            }

            if (type is not null && type.SpecialType != SpecialType.System_Object && type.Name != "Type")
            {
                return new KnownLength(SockaddrShape.SizeOf(type), type);
            }
        }

        return default;
    }

    /// <summary>True when <paramref name="length"/> is known to differ from a buffer of <paramref name="bufferType"/>.</summary>
    public static bool DiffersFrom(KnownLength length, ITypeSymbol bufferType)
    {
        if (length.SizeOfType is not null && SymbolEqualityComparer.Default.Equals(length.SizeOfType, bufferType))
        {
            return false;
        }

        var bufferSize = SockaddrShape.SizeOf(bufferType);
        return bufferSize is not null && length.Value is not null && bufferSize.Value != length.Value.Value;
    }

    private static bool IsIntegral(object value)
        => value is int or uint or long or ulong or short or ushort or byte or sbyte;
}
