using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Diagnostics;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

public sealed class RobustnessTests
{
    // Running the analyzer through the analyzer driver binds the whole compilation (about 0.2 s a time), so
    // the driver itself runs on every eighth cut; the analyzer's code runs on every cut, called directly.
    private const int AnalyzerDriverStride = 8;

    public static IEnumerable<object[]> Contracts => TestContracts.All.Select(a => new[] { a[0] });

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Neither_generator_nor_analyzer_throws_on_the_source_cut_at_any_token(string contract)
    {
        var source = TestContracts.Get(contract);
        var tokens = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions).GetRoot().DescendantTokens().ToList();
        var baseline = GeneratorHarness.Compile(source);
        var tree = baseline.SyntaxTrees.Single(t => t.FilePath == "Test0.cs");
        var attribute = baseline.GetTypeByMetadataName("SocketGen.SocketContractAttribute")!;
        var driver = GeneratorHarness.CreateDriver();

        for (var i = 0; i < tokens.Count; i++)
        {
            // Cut the source after this token, the way an editor holds it mid-typing.
            var token = tokens[i];
            var cutTree = CSharpSyntaxTree.ParseText(source.Substring(0, token.Span.End), TestCompilation.ParseOptions, "Test0.cs");
            var compilation = baseline.ReplaceSyntaxTree(tree, cutTree);
            var where = $"the source cut after '{token}' at {token.Span.End}";

            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"The generator threw on {where}: {result.Exception}");
            Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");

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
