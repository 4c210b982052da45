using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

/// <summary>
/// The statement that writes a value and the expression that reads one, following the conventions of
/// docs/internals/generated-code-api.md. Scalars call the writer and reader directly; composite types
/// call their codec methods. The writer and reader are always in locals named <c>writer</c> and <c>reader</c>.
/// </summary>
internal static class WireExpressions
{
    /// <summary>A statement that writes <paramref name="expression"/>.</summary>
    /// <param name="value">The value's wire shape.</param>
    /// <param name="expression">The value to write.</param>
    /// <param name="codecs">The prefix for codec methods: empty inside the codecs class, its qualified name and a dot outside.</param>
    public static string Write(WireValueSpec value, string expression, string codecs) => value.Kind switch
    {
        WireKind.Scalar => $"writer.Write{value.Codec}({expression});",
        WireKind.Enum => $"writer.Write{value.Codec}(({value.EnumUnderlyingType}){expression});",
        WireKind.String => $"writer.WriteString({expression});",
        WireKind.ByteArray => $"writer.WriteByteArray({expression});",
        WireKind.Bytes => $"writer.WriteBytes({expression}.Span);",
        _ => $"{codecs}Write{value.Codec}(ref writer, {expression});",
    };

    /// <summary>An expression that reads a value typed as <see cref="WireValueSpec.Type"/>.</summary>
    public static string Read(WireValueSpec value, string codecs)
    {
        var forgive = value.ForgivesNull ? "!" : "";
        return value.Kind switch
        {
            WireKind.Scalar => $"reader.Read{value.Codec}()",
            WireKind.Enum => $"({value.Type})reader.Read{value.Codec}()",
            WireKind.String => "reader.ReadString()" + forgive,
            WireKind.ByteArray => "reader.ReadByteArray()" + forgive,
            WireKind.Bytes => "reader.ReadBytes()",
            _ => $"{codecs}Read{value.Codec}(ref reader)" + forgive,
        };
    }

    /// <summary>The default a decoder uses for a field an older sender did not send.</summary>
    public static string Default(WireValueSpec value) => value.ForgivesNull ? "default!" : "default";
}
