using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketGen.Analyzers.Lifecycle;
using SocketGen.CodeFixes.Lifecycle;
using SocketGen.Testing.Compilation;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>
/// A host may hand a fix diagnostics computed before another fix changed the document (dotnet format analyzers,
/// fixing several rules in one run): the fix still finds its code, moved by the edits made since.
/// </summary>
public class StaleDiagnosticFixTests
{
    [Fact]
    public async Task SG1004_fix_applies_to_a_diagnostic_computed_before_the_SG1002_fix_inserted_a_line()
    {
        var source = Body("""
                    var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    listener.Listen();
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(Endpoint);
                    socket.Dispose();
                    socket.Send(buffer);
            """);
        var document = CreateDocument(source);
        var diagnostics = await AnalyzeAsync(document);
        var listenWithoutBind = Assert.Single(diagnostics, d => d.Id == "SG1002");
        var useAfterClose = Assert.Single(diagnostics, d => d.Id == "SG1004");

        var bound = await ApplyAsync(document, new ListenWithoutBindCodeFix(), listenWithoutBind);
        var moved = await ApplyAsync(bound, new MoveBeforeCloseCodeFix(), useAfterClose);

        var text = (await moved.GetTextAsync()).ToString();
        Assert.Contains("listener.Bind(", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("socket.Send(buffer);", StringComparison.Ordinal) < text.IndexOf("socket.Dispose();", StringComparison.Ordinal), text);
    }

    internal static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution.AddProject("Test", "Test", LanguageNames.CSharp)
            .WithCompilationOptions(TestCompilation.Options)
            .WithParseOptions(TestCompilation.ParseOptions)
            .AddMetadataReferences(TestCompilation.FrameworkReferences);
        return project.AddDocument("Test0.cs", SourceText.From(source), filePath: "/Test0.cs");
    }

    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers([new SocketLifecycleAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }

    private static async Task<Document> ApplyAsync(Document document, CodeFixProvider fix, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var span = diagnostic.Location.SourceSpan;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, span, [diagnostic], (action, _) => actions.Add(action), CancellationToken.None));
        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
    }
}
