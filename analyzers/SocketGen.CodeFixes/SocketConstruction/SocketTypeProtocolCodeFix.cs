using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketGen.CodeFixes.SocketConstruction;

/// <summary>SG2004: replaces the protocol with ProtocolType.Unspecified, the default for the family and type.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketTypeProtocolCodeFix))]
[Shared]
public sealed class SocketTypeProtocolCodeFix : CodeFixProvider
{
    private const string Title = "Use ProtocolType.Unspecified";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SG2004");

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
            var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<BaseObjectCreationExpressionSyntax>()
                .FirstOrDefault();
            if (creation is null || model.GetOperation(creation, context.CancellationToken) is not IObjectCreationOperation operation)
            {
                continue;
            }

            var protocol = operation.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "ProtocolType")?.Syntax as ArgumentSyntax;
            if (protocol is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => ReplaceAsync(context.Document, protocol, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ArgumentSyntax protocol, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var unspecified = SyntaxFactory.ParseExpression("global::System.Net.Sockets.ProtocolType.Unspecified")
            .WithTriviaFrom(protocol.Expression)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(protocol.Expression, unspecified));
    }
}
