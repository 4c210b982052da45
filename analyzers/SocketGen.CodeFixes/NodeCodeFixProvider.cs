using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketGen.CodeFixes;

/// <summary>
/// The shared frame of the fixes that start from the syntax node a diagnostic sits on: fetches the root and the
/// semantic model once, finds the innermost <typeparamref name="TNode"/> around each diagnostic, and offers Fix All
/// through <see cref="SingleFixPerDiagnosticFixAll"/>.
/// </summary>
/// <typeparam name="TNode">The kind of node the fix rewrites (an invocation, an object creation, an assignment...).</typeparam>
public abstract class NodeCodeFixProvider<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
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

            var node = root.FindNode(span, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<TNode>()
                .FirstOrDefault();
            if (node is not null)
            {
                RegisterFix(context, diagnostic, node, model);
            }
        }
    }

    /// <summary>Registers the fix for one diagnostic, or nothing when the code around it does not allow one.</summary>
    /// <param name="context">The code-fix context to register with.</param>
    /// <param name="diagnostic">The diagnostic being fixed.</param>
    /// <param name="node">The innermost <typeparamref name="TNode"/> around the diagnostic.</param>
    /// <param name="model">The document's semantic model.</param>
    protected abstract void RegisterFix(CodeFixContext context, Diagnostic diagnostic, TNode node, SemanticModel model);
}
