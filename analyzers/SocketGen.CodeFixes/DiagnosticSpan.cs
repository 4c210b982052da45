using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.CodeFixes;

/// <summary>
/// Where a diagnostic's location is in the document being fixed. A host may hand a code fix diagnostics computed
/// before other fixes changed the document (<c>dotnet format analyzers</c> does when it fixes several rules in one
/// run), so a location in an older tree is moved through the edits made since; one inside an edited region is gone.
/// </summary>
internal static class DiagnosticSpan
{
    /// <summary>The span of <paramref name="location"/> in <paramref name="document"/>, or null when the code there was edited.</summary>
    public static async Task<TextSpan?> InAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (location.SourceTree is null || tree is null || location.SourceTree == tree)
        {
            return location.SourceSpan;
        }

        // The edits between the trees, found by comparing them (their texts need not share a history).
        var changes = tree.GetChanges(location.SourceTree).OrderBy(c => c.Span.Start).ToList();
        var start = Move(location.SourceSpan.Start, changes, isStart: true);
        var end = Move(location.SourceSpan.End, changes, isStart: false);
        return start is null || end is null || end < start ? null : TextSpan.FromBounds(start.Value, end.Value);
    }

    private static int? Move(int position, List<TextChange> changes, bool isStart)
    {
        var shift = 0;
        foreach (var change in changes)
        {
            // Text inserted exactly at the position goes before a span's start and after its end.
            var before = change.Span.End < position
                || (change.Span.End == position && (change.Span.Length > 0 || isStart));
            if (before)
            {
                shift += (change.NewText?.Length ?? 0) - change.Span.Length;
            }
            else if (change.Span.Start < position)
            {
                return null;
            }
        }

        return position + shift;
    }
}
