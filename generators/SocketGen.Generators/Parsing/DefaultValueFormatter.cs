using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// Writes a parameter's default value as a C# expression, so the generated client's public methods
/// keep the contract's optional parameters.
/// </summary>
internal static class DefaultValueFormatter
{
    /// <summary>The default value expression, or <see langword="null"/> when the parameter has none.</summary>
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

        if (value is null)
        {
            return type.IsReferenceType || !ReferenceEquals(underlying, type) ? "null" : "default";
        }

        if (underlying.TypeKind == TypeKind.Enum)
        {
            return "(" + TypeNames.ForCode(underlying) + ")(" + FormatPrimitive(value) + ")";
        }

        return FormatPrimitive(value);
    }

    private static string FormatPrimitive(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        float f => FormatSingle(f),
        double d => FormatDouble(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => "default",
    };

    private static string FormatSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        return float.IsNegativeInfinity(value) ? "float.NegativeInfinity" : value.ToString("R", CultureInfo.InvariantCulture) + "F";
    }

    private static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        return double.IsNegativeInfinity(value) ? "double.NegativeInfinity" : value.ToString("R", CultureInfo.InvariantCulture) + "D";
    }
}
