using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketGen.CodeFixes.Lifecycle;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>
/// Fix All as <c>dotnet format analyzers</c> drives it: the equivalence key comes from the action the fix registers for
/// the first diagnostic the analyzer reported, of any of the ids being fixed. When that diagnostic is another rule's, or
/// one the fix declines, the key is null; the fix must still fix every diagnostic it can.
/// </summary>
public class DotnetFormatFixAllTests
{
    [Fact]
    public async Task SG1008_is_fixed_when_the_first_diagnostic_of_the_run_is_another_rules()
    {
        var fixedText = await FixAllAsDotnetFormatAsync(
            Body("""
                    var unbound = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    unbound.Listen();
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = listener.Accept();
                    listener.Send(buffer);
                    listener.Receive(buffer);
            """),
            new UseAcceptedSocketCodeFix(),
            "SG1008",
            firstId: "SG1002");

        Assert.Contains("connection.Send(buffer);", fixedText, StringComparison.Ordinal);
        Assert.Contains("connection.Receive(buffer);", fixedText, StringComparison.Ordinal);
        Assert.DoesNotContain("listener.Send", fixedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SG1001_is_fixed_when_the_fix_declines_the_first_diagnostic_of_the_run()
    {
        var fixedText = await FixAllAsDotnetFormatAsync(
            Body("""
                    var lonely = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    lonely.Bind(Endpoint);
                    lonely.Listen();
                    lonely.Connect(Endpoint);
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(Endpoint);
                    listener.Listen();
                    using var connection = listener.Accept();
                    listener.Connect(Endpoint);
            """),
            new UseAcceptedSocketCodeFix(),
            "SG1001",
            firstId: "SG1001");

        Assert.Contains("lonely.Connect(Endpoint);", fixedText, StringComparison.Ordinal); // no accepted socket: no fix
        Assert.Contains("connection.Connect(Endpoint);", fixedText, StringComparison.Ordinal);
        Assert.DoesNotContain("listener.Connect", fixedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fixes <paramref name="id"/> the way dotnet format does after analysing with every lifecycle id selected, and
    /// returns the fixed text; asserts the run's first diagnostic is a <paramref name="firstId"/> the fix declines.
    /// </summary>
    private static async Task<string> FixAllAsDotnetFormatAsync(string source, CodeFixProvider fix, string id, string firstId)
    {
        var document = StaleDiagnosticFixTests.CreateDocument(source);
        var diagnostics = (await StaleDiagnosticFixTests.AnalyzeAsync(document)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        var first = diagnostics[0];
        Assert.Equal(firstId, first.Id);

        CodeAction? firstAction = null;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, first, (action, _) => firstAction ??= action, CancellationToken.None));
        Assert.Null(firstAction);

        var fixAll = new FixAllContext(
            document,
            fix,
            FixAllScope.Solution,
            codeActionEquivalenceKey: null!,
            [id],
            new FixedDiagnostics(diagnostics),
            CancellationToken.None);
        var fixAllAction = await fix.GetFixAllProvider()!.GetFixAsync(fixAll);
        Assert.NotNull(fixAllAction);

        var operations = await fixAllAction.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    /// <summary>The diagnostics of one analysis, as dotnet format hands them to Fix All.</summary>
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
