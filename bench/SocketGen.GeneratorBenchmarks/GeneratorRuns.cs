using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Generators;
using SocketGen.Testing.Compilation;

namespace SocketGen.GeneratorBenchmarks;

/// <summary>Creates generator drivers the way a build or the IDE does, and checks what an incremental run redid.</summary>
public static class GeneratorRuns
{
    private static readonly string[] s_trackedSteps =
        [SocketContractGenerator.TrackingNames.Contracts, SocketContractGenerator.TrackingNames.ValidContracts];

    /// <summary>
    /// A new driver holding only the SocketGen generator. <paramref name="trackSteps"/> records every
    /// incremental step, as tests do; a build and the IDE do not.
    /// </summary>
    public static GeneratorDriver CreateDriver(bool trackSteps)
        => CSharpGeneratorDriver.Create(
            [new SocketContractGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// The compilation after the unrelated edit if <paramref name="current"/> holds the original unrelated
    /// file, or after undoing it otherwise. Either way a new compilation with nothing bound, which differs
    /// from <paramref name="current"/> in the unrelated file only.
    /// </summary>
    public static Compilation ToggleUnrelatedEdit(Compilation current, ContractCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(corpus);
        return current.ContainsSyntaxTree(corpus.Unrelated)
            ? current.ReplaceSyntaxTree(corpus.Unrelated, corpus.EditedUnrelated)
            : current.ReplaceSyntaxTree(corpus.EditedUnrelated, corpus.Unrelated);
    }

    /// <summary>
    /// Throws unless the corpus compiles, a cold run generates one file per contract without diagnostics,
    /// and a run after the unrelated edit finds every tracked step and every output cached or unchanged and
    /// produces the same sources: the incremental benchmark measures a run that regenerates nothing.
    /// </summary>
    public static void ProveUnrelatedEditRegeneratesNothing(ContractCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var compilation = corpus.Fresh();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Check(errors.Count == 0, "the corpus does not compile:" + Environment.NewLine + TestCompilation.Describe(errors.Take(5)));

        var driver = CreateDriver(trackSteps: true).RunGenerators(compilation);
        var cold = driver.GetRunResult().Results.Single();
        Check(cold.Exception is null, $"the generator threw: {cold.Exception}");
        Check(cold.Diagnostics.IsEmpty, $"the generator reported {cold.Diagnostics.Length} diagnostics, the first: {cold.Diagnostics.FirstOrDefault()}");
        Check(cold.GeneratedSources.Length == corpus.Contracts, $"expected {corpus.Contracts} generated files, got {cold.GeneratedSources.Length}");

        driver = driver.RunGenerators(ToggleUnrelatedEdit(compilation, corpus));
        var incremental = driver.GetRunResult().Results.Single();
        Check(incremental.Exception is null, $"the generator threw: {incremental.Exception}");
        foreach (var name in s_trackedSteps)
        {
            var outputs = incremental.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Check(outputs.Count == corpus.Contracts, $"{name}: expected {corpus.Contracts} outputs, got {outputs.Count}");
            foreach (var output in outputs)
            {
                Check(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: an output was {output.Reason} after an unrelated edit");
            }
        }

        var sourceOutputs = incremental.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).ToList();
        Check(sourceOutputs.Count > 0, "no source output step was tracked");
        foreach (var output in sourceOutputs)
        {
            Check(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"a source output was {output.Reason} after an unrelated edit");
        }

        var before = cold.GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString()));
        var after = incremental.GeneratedSources.Select(s => (s.HintName, Text: s.SourceText.ToString()));
        Check(before.SequenceEqual(after), "the generated sources changed after an unrelated edit");
    }

    /// <summary>
    /// Throws unless the project with the generated code added compiles without errors: the corpus is a
    /// project the generator serves, not a pile of contracts it rejects. Slow for 1,000 methods (seconds).
    /// </summary>
    public static void ProveGeneratedCodeCompiles(ContractCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        CreateDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(corpus.Fresh(), out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Check(errors.Count == 0, "the generated code does not compile:" + Environment.NewLine + TestCompilation.Describe(errors.Take(5)));
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
