using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.CodeFixes.Evolution;

/// <summary>
/// SG5001: records a wire shape that is not in the baseline yet, by adding the line the diagnostic carries to the
/// project's <c>SocketGen.WireBaseline.txt</c> (an additional file, as the public API analyzers' fix edits
/// PublicAPI.Unshipped.txt). The file's entries are kept sorted; its leading comment lines stay on top. Fix All adds
/// every line of its scope in one edit per project.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WireBaselineCodeFix))]
[Shared]
public sealed class WireBaselineCodeFix : CodeFixProvider
{
    // The analyzer lives in SocketGen.Generators (it runs the generator's parser), which this assembly does not
    // reference: these must match WireBaselineDescriptors and WireBaseline there (the fix tests prove they do).
    private const string NotInBaselineId = "SG5001";
    private const string LineProperty = "WireBaselineLine";
    private const string FileName = "SocketGen.WireBaseline.txt";
    private const string Title = "Record the wire shape in " + FileName;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(NotInBaselineId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new RecordAllFixAll();

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var project = context.Document.Project;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (BaselineOf(project) is not null && diagnostic.Properties.TryGetValue(LineProperty, out var line) && line is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => RecordAsync(project.Solution, [(project.Id, [line])], token), equivalenceKey: Title),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static TextDocument? BaselineOf(Project project)
        => project.AdditionalDocuments.FirstOrDefault(d => string.Equals(Path.GetFileName(d.FilePath ?? d.Name), FileName, StringComparison.OrdinalIgnoreCase));

    private static async Task<Solution> RecordAsync(Solution solution, IEnumerable<(ProjectId Project, IEnumerable<string> Lines)> additions, CancellationToken cancellationToken)
    {
        foreach (var (projectId, lines) in additions)
        {
            if (solution.GetProject(projectId) is not { } project || BaselineOf(project) is not { } baseline)
            {
                continue;
            }

            var text = await baseline.GetTextAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithAdditionalDocumentText(baseline.Id, SourceText.From(WithLines(text, lines), text.Encoding));
        }

        return solution;
    }

    /// <summary>The file with <paramref name="lines"/> added: its leading comments and blank lines first, then every entry once, sorted.</summary>
    private static string WithLines(SourceText text, IEnumerable<string> lines)
    {
        var existing = text.Lines.Select(l => l.ToString()).ToList();
        var newLine = text.Lines.Count > 1 && text.ToString(TextSpan.FromBounds(text.Lines[0].End, text.Lines[0].EndIncludingLineBreak)) is { Length: > 0 } lineBreak ? lineBreak : "\n";
        var header = existing.TakeWhile(l => l.Trim().Length == 0 || l.TrimStart().StartsWith("#", StringComparison.Ordinal)).ToList();
        while (header.Count > 0 && header[header.Count - 1].Trim().Length == 0)
        {
            header.RemoveAt(header.Count - 1);
        }

        var entries = existing.Skip(header.Count).Concat(lines)
            .Where(l => l.Trim().Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(l => l, StringComparer.Ordinal);
        return string.Concat(header.Concat(entries).Select(l => l + newLine));
    }

    /// <summary>Adds every line of the scope's SG5001 diagnostics, one edit per project.</summary>
    private sealed class RecordAllFixAll : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : [fixAllContext.Project];
            var additions = new List<(ProjectId, IEnumerable<string>)>();
            foreach (var project in projects)
            {
                var diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document
                    ? await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                    : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                var lines = diagnostics
                    .Select(d => d.Properties.TryGetValue(LineProperty, out var line) ? line : null)
                    .OfType<string>()
                    .ToList();
                if (lines.Count > 0)
                {
                    additions.Add((project.Id, lines));
                }
            }

            return additions.Count == 0
                ? null
                : CodeAction.Create(Title, token => RecordAsync(fixAllContext.Solution, additions, token), equivalenceKey: Title);
        }
    }
}
