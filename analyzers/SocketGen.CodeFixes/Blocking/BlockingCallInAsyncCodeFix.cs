using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Blocking;

/// <summary>
/// SG2002: awaits the async variant instead, passing the cancellation token in scope when an overload
/// takes one: <c>socket.Receive(buffer)</c> becomes <c>await socket.ReceiveAsync(buffer, cancellationToken)</c>.
/// The replacement is bound speculatively first; no fix is offered when no async overload takes the
/// same arguments and returns the same result (ReceiveFrom's ref EndPoint, for example).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallInAsyncCodeFix))]
[Shared]
public sealed class BlockingCallInAsyncCodeFix : NodeCodeFixProvider<InvocationExpressionSyntax>
{
    private const string EquivalenceKey = "AwaitAsyncVariant";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingCallInAsync);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.AsyncName, out var qualifiedName) || qualifiedName is null)
        {
            return;
        }

        var asyncName = qualifiedName.Substring(qualifiedName.LastIndexOf('.') + 1);
        var replacement = AsyncCallBuilder.Build(invocation, asyncName, model, context.CancellationToken);
        if (replacement is null)
        {
            return;
        }

        var title = "Await " + asyncName;
        context.RegisterCodeFix(
            CodeAction.Create(title, token => ReplaceAsync(context.Document, invocation, replacement, token), equivalenceKey: EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax invocation, ExpressionSyntax asyncCall, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(asyncCall.WithoutTrivia());
        if (invocation.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or InvocationExpressionSyntax)
        {
            awaited = SyntaxFactory.ParenthesizedExpression(awaited);
        }

        awaited = awaited.WithTriviaFrom(invocation).WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(invocation, awaited));
    }
}
