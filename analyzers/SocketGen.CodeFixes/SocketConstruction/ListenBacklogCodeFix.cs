using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.CodeFixes.SocketConstruction;

/// <summary>SG2005: drops the small literal backlog, so the parameterless overload asks for the system maximum.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenBacklogCodeFix))]
[Shared]
public sealed class ListenBacklogCodeFix : CodeFixProvider
{
    private const string Title = "Use the system maximum backlog";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SG2005");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<InvocationExpressionSyntax>()
                .FirstOrDefault();
            if (invocation is null
                || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
                || !method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsStatic))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => RemoveBacklogAsync(context.Document, invocation, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> RemoveBacklogAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var empty = invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>());
        return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, empty));
    }
}
