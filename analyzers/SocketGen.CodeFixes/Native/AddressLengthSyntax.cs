using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketGen.CodeFixes.Native;

/// <summary>Builds the expression for "the size of this address struct", typed for the length it goes into.</summary>
internal static class AddressLengthSyntax
{
    /// <summary>
    /// <c>sizeof(T)</c> in unsafe code, <c>Marshal.SizeOf&lt;T&gt;()</c> elsewhere, cast to
    /// <paramref name="lengthType"/> when that is not int.
    /// </summary>
    public static ExpressionSyntax SizeOf(ITypeSymbol structType, ITypeSymbol lengthType, bool unsafeContext, SemanticModel model, int position)
    {
        var typeName = structType.ToMinimalDisplayString(model, position);
        var marshal = TypeNames.Minimal(model, position, "System.Runtime.InteropServices.Marshal") ?? "System.Runtime.InteropServices.Marshal";
        var size = unsafeContext
            ? "sizeof(" + typeName + ")"
            : marshal + ".SizeOf<" + typeName + ">()";
        var text = lengthType.SpecialType == SpecialType.System_Int32
            ? size
            : "(" + lengthType.ToMinimalDisplayString(model, position) + ")" + size;
        return SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
