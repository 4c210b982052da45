using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Generators.Diagnostics;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

/// <summary>Runs the generator and the contract analyzer over test sources.</summary>
internal static class GeneratorHarness
{
    /// <summary>The runtime library: the attributes and the support API generated code calls.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = [TestCompilation.ReferenceTo(typeof(SocketServer))];

    /// <summary>A compilation of <paramref name="sources"/> that references the runtime.</summary>
    public static CSharpCompilation Compile(params string[] sources)
        => TestCompilation.Create(sources, References);

    /// <summary>A driver of <paramref name="generator"/> (the contract generator unless given) that records every incremental step.</summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null)
        => CSharpGeneratorDriver.Create(
            [(generator ?? new SocketContractGenerator()).AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over <paramref name="sources"/>.</summary>
    public static GeneratorOutcome Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs <paramref name="generator"/> (the contract generator unless given) over <paramref name="compilation"/>.</summary>
    public static GeneratorOutcome Run(CSharpCompilation compilation, IIncrementalGenerator? generator = null)
    {
        var driver = CreateDriver(generator).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutcome(driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>The contract analyzer's diagnostics; fails the test if the analyzer throws.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers([new SocketContractAnalyzer()], options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>
    /// The contract analyzer's diagnostics for declarations in <paramref name="tree"/> only, which is much
    /// cheaper than analyzing the whole compilation; fails the test if the analyzer throws.
    /// </summary>
    public static ImmutableArray<Diagnostic> AnalyzeTree(Compilation compilation, SyntaxTree tree)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers([new SocketContractAnalyzer()], options)
            .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None)
            .GetAwaiter().GetResult();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>The analyzer's diagnostics for <paramref name="sources"/>.</summary>
    public static ImmutableArray<Diagnostic> Analyze(params string[] sources) => Analyze(Compile(sources));
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutcome(GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources
        => RunResult.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>The only generated source.</summary>
    public string SingleSource => Assert.Single(Sources).Value;

    /// <summary>
    /// Fails unless the generator ran cleanly, the compilation has no error and the generated files have no
    /// warning at the highest warning level (the test's own sources may, for example lacking XML docs).
    /// </summary>
    public GeneratorOutcome AssertCompilesWithoutWarnings()
    {
        Assert.Empty(Diagnostics);
        Assert.Null(RunResult.Results.Single().Exception);
        Assert.Empty(GeneratorHarness.Analyze(Output));
        Assert.NotEmpty(Sources);
        var generatedTrees = RunResult.GeneratedTrees.ToHashSet();
        var problems = Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                        || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)));
        TestCompilation.AssertNoErrors(problems, warningsAreErrors: true);
        return this;
    }
}
