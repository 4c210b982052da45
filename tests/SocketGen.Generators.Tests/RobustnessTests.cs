using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Diagnostics;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

public sealed class RobustnessTests
{
    // Running the analyzer through the analyzer driver binds the whole compilation again (about 0.2 s a
    // time), so the driver itself runs on every 32nd cut and on the last; the analyzer's code runs on every
    // cut, called directly on the compilation the generator has just bound.
    private const int AnalyzerDriverStride = 32;

    // A fresh compilation merges the namespaces of every referenced assembly; with the whole framework that
    // dominates each of the thousands of runs here, so these compilations reference only what the tests use.
    private static readonly Lazy<MetadataReference[]> SmallReferences = new(() =>
    [
        .. TestCompilation.FrameworkReferences.Where(r => Path.GetFileName(r.Display) is
            "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Collections.dll" or "System.Threading.dll"
            or "System.Net.Primitives.dll" or "System.Threading.Tasks.dll" or "System.ComponentModel.Primitives.dll"
            or "System.Collections.Immutable.dll" or "System.Linq.dll"),
        .. GeneratorHarness.References,
    ]);

    public static IEnumerable<object[]> Contracts => TestContracts.All.Select(a => new[] { a[0] });

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Neither_generator_nor_analyzer_throws_on_the_source_cut_at_any_token(string contract)
    {
        var source = TestContracts.Get(contract);
        var tokens = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions).GetRoot().DescendantTokens().ToList();
        var baseline = CSharpCompilation.Create(
            "Robustness",
            [CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, "Test0.cs")],
            SmallReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var whole = GeneratorHarness.Run(baseline).AssertCompilesWithoutWarnings();
        Assert.NotEmpty(whole.Sources);
        var tree = baseline.SyntaxTrees.Single(t => t.FilePath == "Test0.cs");
        var attribute = baseline.GetTypeByMetadataName("SocketGen.SocketContractAttribute")!;
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new SocketContractGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);

        for (var i = 0; i < tokens.Count; i++)
        {
            // Cut the source after this token, the way an editor holds it mid-typing.
            var token = tokens[i];
            var cutTree = CSharpSyntaxTree.ParseText(source.Substring(0, token.Span.End), TestCompilation.ParseOptions, "Test0.cs");
            var compilation = baseline.ReplaceSyntaxTree(tree, cutTree);
            var where = $"the source cut after '{token}' at {token.Span.End}";

            driver = driver.RunGenerators(compilation);
            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"The generator threw on {where}: {result.Exception}");
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");

            var model = compilation.GetSemanticModel(cutTree);
            foreach (var declaration in cutTree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is { } type)
                {
                    _ = SocketContractAnalyzer.Analyze(type, attribute, compilation, CancellationToken.None);
                }
            }

            if (i % AnalyzerDriverStride == 0 || i == tokens.Count - 1)
            {
                Assert.DoesNotContain(GeneratorHarness.AnalyzeTree(compilation, cutTree), d => d.Id == "AD0001");
            }
        }
    }
}
