using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Generators.Protocols;
using SocketGen.Testing.Snapshots;

namespace SocketGen.Generators.Tests;

/// <summary>
/// The protocol generator's output for the repository's real declarations (the samples' protocols and the feature
/// protocols that use every part of the declaration language) against baselines, and its incremental caching.
/// </summary>
public sealed class ProtocolGeneratorTests
{
    /// <summary>Declaration files, relative to the repository root.</summary>
    public static TheoryData<string> Declarations => new()
    {
        "samples/HelloInterop/HelloProtocol.cs",
        "samples/Memcached/Binary/MemcachedBinary.cs",
        "samples/Memcached/Text/MemcachedText.cs",
        "tests/SocketGen.Protocols.Tests/Declarations/FeatureProtocols.cs",
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_protocol_source_matches_the_baseline_and_compiles_without_warnings(string declarations)
    {
        var outcome = GeneratorHarness.Run(GeneratorHarness.Compile(Read(declarations)), new WireProtocolGenerator()).AssertCompilesWithoutWarnings();

        foreach (var (hintName, source) in outcome.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Snapshot.Match(source, hintName.Replace(".g.cs", "", StringComparison.Ordinal), Path.Combine("Snapshots", "Protocols"));
        }
    }

    [Fact]
    public void An_edit_to_an_unrelated_file_reruns_no_protocol_parse_or_emit_step()
    {
        var compilation = GeneratorHarness.Compile(Read("samples/Memcached/Binary/MemcachedBinary.cs"), Read("samples/HelloInterop/HelloProtocol.cs"), "public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver(new WireProtocolGenerator()).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Test2.cs");
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("public class Unrelated { public int Added; }", (CSharpParseOptions)tree.Options, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var parsed = result.TrackedSteps[WireProtocolGenerator.ParseStep].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, parsed.Count);
        Assert.All(parsed, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"parse: {output.Reason}"));
        var emitted = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(emitted);
        Assert.All(emitted, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"emit: {output.Reason}"));
    }

    [Fact]
    public void Editing_one_protocol_reparses_only_that_protocol()
    {
        string hello = Read("samples/HelloInterop/HelloProtocol.cs");
        var compilation = GeneratorHarness.Compile(Read("samples/Memcached/Binary/MemcachedBinary.cs"), hello);
        var driver = GeneratorHarness.CreateDriver(new WireProtocolGenerator()).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Test1.cs");
        string changed = hello.Replace("[Delimited(\"\\n\")]", "[Delimited(\"\\r\\n\")]", StringComparison.Ordinal);
        Assert.NotEqual(hello, changed);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(changed, (CSharpParseOptions)tree.Options, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[WireProtocolGenerator.ParseStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("\"\\r\\n\"u8", StringComparison.Ordinal) || s.SourceText.ToString().Contains("'\\r'", StringComparison.Ordinal));
    }

    private static string Read(string relativePath, [System.Runtime.CompilerServices.CallerFilePath] string callerFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "..", relativePath));
}
