using System.Diagnostics;
using SocketGen.Analyzers.Tests.FalsePositives;
using SocketGen.Testing.Analyzers;
using SocketGen.Testing.Compilation;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>Every SocketGen analyzer never throws on half-typed code, and the misuse samples really misuse.</summary>
public class TruncationTests
{
    [Fact]
    public void Every_analyzer_never_throws_on_any_token_boundary_truncation_of_every_corpus_source()
    {
        var sources = IoAndNativeMisuseSamples.All
            .Concat(NativeAndReceiveLoopCode.All)
            .Concat(IdiomaticSocketCode.All)
            .Concat(MisusedSocketCode.All)
            .Select(entry => entry.Value)
            .ToList();
        // A guard against hangs only: every boundary of every source is analysed (a few thousand prefixes).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var stopwatch = Stopwatch.StartNew();

        var analysed = TruncationTest.AssertNoAnalyzerExceptions(AllAnalyzers.Everything, sources, timeout.Token);

        Assert.True(analysed >= sources.Count * 100, $"only {analysed} prefixes were analysed");
        Console.WriteLine($"Truncation: {analysed} prefixes of {sources.Count} sources in {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Misuse_samples_compile_and_every_rule_fires_on_them()
    {
        // The samples must really contain the misuse, or the truncation test proves little.
        var compilation = TestCompilation.Create(IoAndNativeMisuseSamples.All.Select(entry => entry.Value));
        TestCompilation.AssertNoErrors(compilation);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = await AnalyzerRunner.RunAsync(compilation, AllAnalyzers.IoAndNative, timeout.Token);

        Assert.False(run.HasAnalyzerFailure);
        var ids = run.Diagnostics.Select(d => d.Id).ToHashSet();
        foreach (var id in new[] { "SG2001", "SG2002", "SG2003", "SG2004", "SG2005", "SG3001", "SG3002", "SG3003", "SG3004", "SG3005" })
        {
            Assert.Contains(id, ids);
        }
    }
}
