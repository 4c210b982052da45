using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.CodeFixes.Receive;

/// <summary>
/// SG2001: turns a receive whose count is ignored into a receive loop that fills the whole buffer (or
/// the given slice) and throws EndOfStreamException if the peer closes first, as Stream.ReadExactly does:
/// <code>
/// for (var received = 0; received &lt; buffer.Length;)
/// {
///     var count = socket.Receive(buffer.AsSpan(received));
///     if (count == 0)
///     {
///         throw new EndOfStreamException();
///     }
///
///     received += count;
/// }
/// </code>
/// Offered for Receive and ReceiveAsync statements whose buffer is a variable (array, span or memory),
/// with or without offset and size.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartialReceiveCodeFix))]
[Shared]
public sealed class PartialReceiveCodeFix : CodeFixProvider
{
    private const string Title = "Receive in a loop until the buffer is full";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SG2001");

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
            if (!diagnostic.Properties.TryGetValue("Kind", out var kind) || kind != "Ignored")
            {
                continue;
            }

            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<InvocationExpressionSyntax>()
                .FirstOrDefault();
            if (invocation?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { Parent: BlockSyntax } statement)
            {
                continue;
            }

            var loop = ReceiveLoopBuilder.Build(statement, invocation, model, context.CancellationToken);
            if (loop is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => ReplaceAsync(context.Document, statement, loop, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, StatementSyntax statement, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(statement, loop));
    }
}
