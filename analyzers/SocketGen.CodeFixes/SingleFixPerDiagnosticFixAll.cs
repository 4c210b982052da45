using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.CodeFixes;

/// <summary>
/// Fix All for every SocketGen fix: in each document, asks the fix for its action on each diagnostic, applies each
/// action to the unchanged document and merges the edits (an edit overlapping one already taken is left out).
/// </summary>
/// <remarks>
/// Every SocketGen fix offers at most one action per diagnostic, so the action to take is never chosen by equivalence
/// key. The batch fixer does choose by key, and <c>dotnet format analyzers</c> takes the key from the action the fix
/// registers for the first diagnostic of the run, which may be another rule's diagnostic reported by the same analyzer
/// or one the fix declines: the key is then null, no action matches it, and the rule "didn't return a Fix All action".
/// </remarks>
internal static class SingleFixPerDiagnosticFixAll
{
    /// <summary>The Fix All provider, supporting document, project and solution scope.</summary>
    public static FixAllProvider Instance { get; } = FixAllProvider.Create(FixDocumentAsync);

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var taken = new List<TextChange>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var action = await FirstActionAsync(context.CodeFixProvider, document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (action is null)
            {
                continue; // the fix declines this one (no code it can change); the others still apply
            }

            var operations = await action.GetOperationsAsync(context.CancellationToken).ConfigureAwait(false);
            if (operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution.GetDocument(document.Id) is not { } changed)
            {
                continue;
            }

            var changes = (await changed.GetTextChangesAsync(document, context.CancellationToken).ConfigureAwait(false)).ToList();
            if (!changes.Any(change => taken.Any(other => Overlap(change.Span, other.Span))))
            {
                taken.AddRange(changes);
            }
        }

        if (taken.Count == 0)
        {
            return document;
        }

        var text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(taken.OrderBy(change => change.Span.Start)));
    }

    private static async Task<CodeAction?> FirstActionAsync(CodeFixProvider fix, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        CodeAction? first = null;
        var context = new CodeFixContext(document, diagnostic, (action, _) => first ??= action, cancellationToken);
        await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return first;
    }

    /// <summary>Whether two edits collide: their spans share text, or both insert at the same place (their order is unknown).</summary>
    private static bool Overlap(TextSpan a, TextSpan b)
        => a.Start == b.Start || (a.Start < b.End && b.Start < a.End);
}
