using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Receive;

/// <summary>
/// SG2001: turns a receive whose count is ignored into a receive loop that fills the whole buffer (or the given
/// slice) or stops when the peer closes, and keeps the count of what arrived for the code after it:
/// <code>
/// var headerReceived = 0;
/// while (headerReceived &lt; header.Length)
/// {
///     var count = socket.Receive(header.AsSpan(headerReceived));
///     if (count == 0)
///     {
///         break; // the peer closed: the first headerReceived bytes are what arrived
///     }
///
///     headerReceived += count;
/// }
/// </code>
/// A peer that sends less and closes leaves the program as it was (no new exception); one that sends in pieces
/// now fills the buffer. Offered for Receive and ReceiveAsync statements whose buffer is a variable (array, span
/// or memory), with or without offset and size.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartialReceiveCodeFix))]
[Shared]
public sealed class PartialReceiveCodeFix : CodeFixProvider
{
    private const string Title = "Receive in a loop until the buffer is full or the peer closes";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PartialReceive);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

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
            if (await DiagnosticSpan.InAsync(context.Document, diagnostic.Location, context.CancellationToken).ConfigureAwait(false) is not { } span)
            {
                continue;
            }

            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.ReceiveKind, out var kind) || kind != DiagnosticPropertyKeys.ReceiveCountIgnored)
            {
                continue;
            }

            var invocation = root.FindNode(span, getInnermostNodeForTie: true)
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

    private static async Task<Document> ReplaceAsync(Document document, StatementSyntax statement, IReadOnlyList<StatementSyntax> loop, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(statement, loop));
    }
}
