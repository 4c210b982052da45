using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.SocketConstruction;

/// <summary>SG2004: replaces the protocol with ProtocolType.Unspecified, the default for the family and type.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketTypeProtocolCodeFix))]
[Shared]
public sealed class SocketTypeProtocolCodeFix : NodeCodeFixProvider<BaseObjectCreationExpressionSyntax>
{
    private const string Title = "Use ProtocolType.Unspecified";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InvalidSocketTypeProtocol);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, BaseObjectCreationExpressionSyntax creation, SemanticModel model)
    {
        if (model.GetOperation(creation, context.CancellationToken) is not IObjectCreationOperation operation)
        {
            return;
        }

        var protocol = operation.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "ProtocolType")?.Syntax as ArgumentSyntax;
        if (protocol is null)
        {
            return;
        }

        var protocolType = TypeNames.Minimal(model, creation.SpanStart, "System.Net.Sockets.ProtocolType") ?? "System.Net.Sockets.ProtocolType";
        context.RegisterCodeFix(
            CodeAction.Create(Title, token => ReplaceAsync(context.Document, protocol, protocolType, token), equivalenceKey: Title),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, ArgumentSyntax protocol, string protocolType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var unspecified = SyntaxFactory.ParseExpression(protocolType + ".Unspecified").WithTriviaFrom(protocol.Expression);
        return document.WithSyntaxRoot(root.ReplaceNode(protocol.Expression, unspecified));
    }
}
