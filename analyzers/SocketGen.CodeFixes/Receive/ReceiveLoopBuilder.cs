using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.CodeFixes.Receive;

/// <summary>Writes the receive loop that replaces a receive statement whose count is ignored.</summary>
internal static class ReceiveLoopBuilder
{
    /// <summary>
    /// The statements that replace the receive: the count's declaration and the loop; null when the call's buffer is
    /// not one the loop can slice.
    /// </summary>
    public static IReadOnlyList<StatementSyntax>? Build(ExpressionStatementSyntax statement, InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || method.Name is not ("Receive" or "ReceiveAsync")
            || method.Parameters.Any(p => p.RefKind != RefKind.None)
            || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null)
            || invocation.ArgumentList.Arguments.Count == 0)
        {
            return null;
        }

        var isAsync = method.Name == "ReceiveAsync";
        var position = statement.SpanStart;
        var arguments = invocation.ArgumentList.Arguments;
        var buffer = arguments[0].Expression;
        if (!IsRepeatable(buffer))
        {
            return null;
        }

        // The count outlives the loop, so later code can use what arrived. Named after the buffer and numbered
        // among the receives into it in the same block, so the fixes of one Fix All never declare a name twice.
        var received = UniqueName(model, position, ReceivedName(buffer, statement));
        var count = UniqueName(model, position, "count");

        var bufferType = model.GetTypeInfo(buffer, cancellationToken).Type;
        string length;
        SeparatedSyntaxList<ArgumentSyntax> newArguments;
        if (bufferType is IArrayTypeSymbol && method.Parameters.Length >= 3
            && method.Parameters[1].Type.SpecialType == SpecialType.System_Int32
            && method.Parameters[2].Type.SpecialType == SpecialType.System_Int32)
        {
            // Receive(buffer, offset, size, flags): move the offset on, shrink the size.
            var offset = arguments[1].Expression;
            var size = arguments[2].Expression;
            if (!IsRepeatable(offset) || !IsRepeatable(size))
            {
                return null;
            }

            length = size.ToString();
            var list = arguments.ToList();
            list[1] = arguments[1].WithExpression(Parse(Operand(offset) + " + " + received));
            list[2] = arguments[2].WithExpression(Parse(Operand(size) + " - " + received));
            newArguments = SyntaxFactory.SeparatedList(list, arguments.GetSeparators());
        }
        else if (bufferType is IArrayTypeSymbol && method.Parameters.Length >= 2
            && method.Parameters[1].Type.SpecialType == SpecialType.System_Int32)
        {
            // Receive(buffer, size, flags): from offset 0.
            var size = arguments[1].Expression;
            if (!IsRepeatable(size) || method.ContainingType.GetMembers("Receive").OfType<IMethodSymbol>().All(m => m.Parameters.Length != 4))
            {
                return null;
            }

            length = size.ToString();
            var list = arguments.ToList();
            list[1] = arguments[1].WithExpression(Parse(Operand(size) + " - " + received));
            list.Insert(1, SyntaxFactory.Argument(SyntaxFactory.IdentifierName(received)));
            var separators = arguments.GetSeparators().ToList();
            separators.Insert(0, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            newArguments = SyntaxFactory.SeparatedList(list, separators);
        }
        else
        {
            var slice = Slice(buffer, bufferType, isAsync, received, model, position);
            if (slice is null)
            {
                return null;
            }

            length = buffer + ".Length";
            newArguments = arguments.Replace(arguments[0], arguments[0].WithExpression(slice));
        }

        var newInvocation = invocation.WithArgumentList(invocation.ArgumentList.WithArguments(newArguments));
        var call = statement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
            ? discard.Right
            : statement.Expression;
        var callText = call.ReplaceNode(invocation, newInvocation).WithoutTrivia().ToString();
        var indent = statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Select(t => t.ToString()).LastOrDefault() ?? string.Empty;
        var inner = indent + "    ";
        var declaration = SyntaxFactory.ParseStatement("var " + received + " = 0;\n")
            .WithLeadingTrivia(statement.GetLeadingTrivia());
        var loop =
            indent + "while (" + received + " < " + length + ")\n"
            + indent + "{\n"
            + inner + "var " + count + " = " + callText + ";\n"
            + inner + "if (" + count + " == 0)\n"
            + inner + "{\n"
            + inner + "    break; // the peer closed: the first " + received + " bytes are what arrived\n"
            + inner + "}\n"
            + "\n"
            + inner + received + " += " + count + ";\n"
            + indent + "}";
        return [declaration, SyntaxFactory.ParseStatement(loop).WithTrailingTrivia(statement.GetTrailingTrivia())];
    }

    /// <summary>
    /// "headerReceived" for a receive into <c>header</c>; "headerReceived2" for the second ignored receive into it in
    /// the same block, and so on.
    /// </summary>
    private static string ReceivedName(ExpressionSyntax buffer, ExpressionStatementSyntax statement)
    {
        var last = buffer is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : buffer.ToString();
        var name = (last.TrimStart('_') is { Length: > 0 } trimmed ? char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1) : "buffer") + "Received";
        var bufferText = buffer.ToString();
        var earlier = statement.Parent is BlockSyntax block
            ? block.Statements.TakeWhile(s => s != statement).Count(s => ReceivesInto(s, bufferText))
            : 0;
        return earlier == 0 ? name : name + (earlier + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool ReceivesInto(StatementSyntax statement, string bufferText)
        => statement is ExpressionStatementSyntax expression
           && expression.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i =>
               i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Receive" or "ReceiveAsync" }
               && i.ArgumentList.Arguments.Count > 0
               && i.ArgumentList.Arguments[0].Expression.ToString() == bufferText);

    /// <summary>The buffer from <paramref name="received"/> on: AsSpan/AsMemory for an array, Slice for a span or memory.</summary>
    private static ExpressionSyntax? Slice(ExpressionSyntax buffer, ITypeSymbol? type, bool isAsync, string received, SemanticModel model, int position)
    {
        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                var hasSystem = TypeNames.Minimal(model, position, "System.MemoryExtensions") == "MemoryExtensions";
                if (hasSystem)
                {
                    return Parse(buffer + (isAsync ? ".AsMemory(" : ".AsSpan(") + received + ")");
                }

                return Parse("new " + (isAsync ? "System.Memory<byte>(" : "System.Span<byte>(") + buffer + ", " + received + ", " + buffer + ".Length - " + received + ")");
            case INamedTypeSymbol { Name: "Span" or "Memory", TypeArguments.Length: 1 } named
                when named.ContainingNamespace?.ToDisplayString() == "System" && (named.Name == "Memory") == isAsync:
                return Parse(buffer + ".Slice(" + received + ")");
            default:
                return null;
        }
    }

    private static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

    /// <summary>True for expressions that can be evaluated again with the same result: names, member accesses, literals.</summary>
    private static bool IsRepeatable(ExpressionSyntax expression)
        => expression switch
        {
            IdentifierNameSyntax or LiteralExpressionSyntax or ThisExpressionSyntax => true,
            MemberAccessExpressionSyntax member => IsRepeatable(member.Expression),
            _ => false,
        };

    private static string Operand(ExpressionSyntax expression) => expression.ToString();

    private static string UniqueName(SemanticModel model, int position, string name)
    {
        var candidate = name;
        // LookupSymbols sees every local of the enclosing blocks, those declared after the position too.
        for (var i = 2; model.LookupSymbols(position, name: candidate).Length > 0; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
