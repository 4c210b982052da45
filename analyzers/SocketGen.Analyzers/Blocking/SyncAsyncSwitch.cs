using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.Analyzers.Blocking;

/// <summary>
/// Recognises the dual I/O path of drivers that let the caller choose synchronous or asynchronous I/O at
/// run time: <c>if (async) await ConnectAsync(...); else Connect(...);</c> (or the same with <c>?:</c>).
/// The blocking branch runs only when the caller asked for blocking I/O, so it is not a mistake there.
/// </summary>
internal static class SyncAsyncSwitch
{
    /// <summary>True when <paramref name="call"/> sits in a branch of an if or ?: whose other branch awaits.</summary>
    public static bool IsSynchronousBranch(SyntaxNode call)
    {
        SyntaxNode child = call;
        foreach (var ancestor in call.Ancestors())
        {
            SyntaxNode? other = ancestor switch
            {
                IfStatementSyntax statement when statement.Statement == child => statement.Else?.Statement,
                ElseClauseSyntax { Parent: IfStatementSyntax statement } => statement.Statement,
                ConditionalExpressionSyntax conditional when conditional.WhenFalse == child => conditional.WhenTrue,
                ConditionalExpressionSyntax conditional when conditional.WhenTrue == child => conditional.WhenFalse,
                _ => null,
            };
            if (other is not null && Awaits(other))
            {
                return true;
            }

            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }

            child = ancestor;
        }

        return false;
    }

    /// <summary>True when <paramref name="branch"/> awaits, outside any lambda or local function of its own.</summary>
    private static bool Awaits(SyntaxNode branch)
        => branch.DescendantNodesAndSelf(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(node => node is AwaitExpressionSyntax);
}
