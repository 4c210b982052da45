using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.SocketConstruction;

/// <summary>SG2005: drops the small literal backlog, so the parameterless overload asks for the system maximum.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenBacklogCodeFix))]
[Shared]
public sealed class ListenBacklogCodeFix : NodeCodeFixProvider<InvocationExpressionSyntax>
{
    private const string Title = "Use the system maximum backlog";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SmallListenBacklog);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
            || !method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 0 && !m.IsStatic))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, token => RemoveBacklogAsync(context.Document, invocation, token), equivalenceKey: Title),
            diagnostic);
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
