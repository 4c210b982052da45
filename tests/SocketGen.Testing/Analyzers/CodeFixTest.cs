using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketGen.Testing.Compilation;
using Xunit.Sdk;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// A code-fix test over an AdhocWorkspace, shaped like Microsoft.CodeAnalysis.Testing's CodeFixTest:
/// the source's markup is verified first; then fixes are applied one at a time (re-analysing after each)
/// and the result compared with <see cref="FixedCode"/>; then Fix All in document, project and solution
/// scope is applied to the original and compared with <see cref="BatchFixedCode"/> (default: the same).
/// The fixed code may carry markup for diagnostics that must remain.
/// </summary>
public class CodeFixTest : AnalyzerTest
{
    /// <summary>Creates a test of <paramref name="codeFix"/> over the diagnostics of <paramref name="analyzers"/>.</summary>
    public CodeFixTest(CodeFixProvider codeFix, params DiagnosticAnalyzer[] analyzers)
        : base(analyzers)
    {
        ArgumentNullException.ThrowIfNull(codeFix);
        CodeFix = codeFix;
    }

    /// <summary>The code fix under test.</summary>
    public CodeFixProvider CodeFix { get; }

    /// <summary>The expected source after the fixes, applied one at a time; may carry markup.</summary>
    public string FixedCode { get; set; } = string.Empty;

    /// <summary>The expected source after Fix All; <see cref="FixedCode"/> when unset.</summary>
    public string? BatchFixedCode { get; set; }

    /// <summary>The equivalence key of the action to apply; the first action offered when unset.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>How many single fixes to apply at most; the number of fixable diagnostics when unset.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    /// <summary>Runs the analyzer test, the incremental fixes and Fix All.</summary>
    public new async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await base.RunAsync(cancellationToken).ConfigureAwait(false);
        var markup = DiagnosticMarkup.Parse(TestCode);

        var fixedMarkup = DiagnosticMarkup.Parse(FixedCode);
        var document = CreateDocument(markup.Source);
        var incremental = await ApplyIncrementallyAsync(document, cancellationToken).ConfigureAwait(false);
        await CompareAsync(incremental, fixedMarkup, "one fix at a time", cancellationToken).ConfigureAwait(false);

        var batchMarkup = DiagnosticMarkup.Parse(BatchFixedCode ?? FixedCode);
        foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
        {
            var batched = await ApplyFixAllAsync(CreateDocument(markup.Source), scope, cancellationToken).ConfigureAwait(false);
            await CompareAsync(batched, batchMarkup, $"Fix All in {scope}", cancellationToken).ConfigureAwait(false);
        }
    }

    private Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var compilation = CreateCompilation([source]);
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "TestProject", "TestAssembly", LanguageNames.CSharp,
                compilationOptions: compilation.Options,
                parseOptions: TestCompilation.ParseOptions,
                metadataReferences: compilation.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "Test0.cs");
        return solution.GetDocument(documentId)!;
    }

    private async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var run = await AnalyzerRunner.RunAsync(compilation, Analyzers, cancellationToken).ConfigureAwait(false);
        if (run.HasAnalyzerFailure)
        {
            throw new XunitException("An analyzer threw while fixing:" + Environment.NewLine + string.Join(Environment.NewLine, run.Exceptions));
        }

        return run.Diagnostics.Where(d => CodeFix.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
    }

    private async Task<Document> ApplyIncrementallyAsync(Document document, CancellationToken cancellationToken)
    {
        var limit = NumberOfIncrementalIterations ?? (await FixableDiagnosticsAsync(document, cancellationToken).ConfigureAwait(false)).Length;
        for (var iteration = 0; iteration < limit; iteration++)
        {
            var diagnostics = await FixableDiagnosticsAsync(document, cancellationToken).ConfigureAwait(false);
            Document? next = null;
            foreach (var diagnostic in diagnostics)
            {
                var action = await FindActionAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (action is not null)
                {
                    next = await ApplyAsync(document, action, cancellationToken).ConfigureAwait(false);
                    break;
                }
            }

            if (next is null)
            {
                break;
            }

            document = next;
        }

        return document;
    }

    private async Task<CodeAction?> FindActionAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await CodeFix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return CodeActionEquivalenceKey is null
            ? actions.FirstOrDefault()
            : actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
    }

    private async Task<Document> ApplyFixAllAsync(Document document, FixAllScope scope, CancellationToken cancellationToken)
    {
        var diagnostics = await FixableDiagnosticsAsync(document, cancellationToken).ConfigureAwait(false);
        var fixAll = CodeFix.GetFixAllProvider() ?? throw new XunitException($"{CodeFix.GetType().Name} has no Fix All provider.");
        foreach (var diagnostic in diagnostics)
        {
            var action = await FindActionAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
            if (action is null)
            {
                continue;
            }

            var provider = new FixedDiagnosticProvider(diagnostics);
            var context = new FixAllContext(document, CodeFix, scope, action.EquivalenceKey, [diagnostic.Id], provider, cancellationToken);
            var fixAllAction = await fixAll.GetFixAsync(context).ConfigureAwait(false)
                ?? throw new XunitException($"Fix All in {scope} offered no action.");
            return await ApplyAsync(document, fixAllAction, cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new XunitException($"Code action '{action.Title}' changed no solution.");
        return apply.ChangedSolution.GetDocument(document.Id)!;
    }

    private async Task CompareAsync(Document document, DiagnosticMarkup expected, string how, CancellationToken cancellationToken)
    {
        var text = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
        if (!string.Equals(Normalize(text), Normalize(expected.Source), StringComparison.Ordinal))
        {
            throw new XunitException($"After {how} the source differs from the expected one." + Environment.NewLine
                + "Expected:" + Environment.NewLine + expected.Source + Environment.NewLine
                + "Actual:" + Environment.NewLine + text + Environment.NewLine + FirstDifference(Normalize(expected.Source), Normalize(text)));
        }

        var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        TestCompilation.AssertNoErrors(compilation);
        var run = await AnalyzerRunner.RunAsync(compilation, Analyzers, cancellationToken).ConfigureAwait(false);
        Verify(run, [expected], compilation, includeExpectedDiagnostics: false);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        var line = expected.AsSpan(0, i).Count('\n') + 1;
        return $"First difference at line {line}.";
    }

    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
