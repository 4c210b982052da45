using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.CodeFixes.Lifecycle;

/// <summary>Syntax lookups the lifecycle fixes share.</summary>
internal static class LifecycleFixSyntax
{
    /// <summary>The call a lifecycle diagnostic sits on, or null.</summary>
    public static InvocationExpressionSyntax? FindInvocation(SyntaxNode root, TextSpan span)
        => root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();

    /// <summary>The socket expression a call is made on (<c>listener</c> in <c>listener.Send(buffer)</c>), or null.</summary>
    public static ExpressionSyntax? Receiver(InvocationExpressionSyntax invocation)
        => invocation.Expression is MemberAccessExpressionSyntax member ? member.Expression : null;

    /// <summary>
    /// The statement of its own that <paramref name="node"/> is (<c>x.Listen();</c>, <c>await x.SendAsync(b);</c>,
    /// <c>_ = x.Available;</c>), when it sits directly in a block; otherwise null.
    /// </summary>
    public static ExpressionStatementSyntax? OwnStatementInBlock(SyntaxNode node)
    {
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();
        return statement is ExpressionStatementSyntax expressionStatement && statement.Parent is BlockSyntax
            ? expressionStatement
            : null;
    }
}
