using System.Diagnostics;
using SocketGen.Analyzers.Tests.FalsePositives;
using SocketGen.Testing.Analyzers;
using SocketGen.Testing.Compilation;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>The receive, blocking, addressing, construction and native analyzers never throw on half-typed code.</summary>
public class IoAndNativeTruncationTests
{
    /// <summary>Sources with more token boundaries are sampled evenly, to stay well under a minute on 2 shared cores.</summary>
    private const int MaxPrefixesPerSource = 30;

    [Fact]
    public void Analyzers_never_throw_on_any_truncation_of_their_samples_and_the_false_positive_suite()
    {
        var sources = IoAndNativeMisuseSamples.All
            .Concat(NativeAndReceiveLoopCode.All)
            .Concat(IdiomaticSocketCode.All)
            .Concat(MisusedSocketCode.All)
            .Select(entry => entry.Value)
            .ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stopwatch = Stopwatch.StartNew();

        var analysed = TruncationTest.AssertNoAnalyzerExceptions(AllAnalyzers.IoAndNative, sources, MaxPrefixesPerSource, timeout.Token);

        Assert.True(analysed >= sources.Count * 20, $"only {analysed} prefixes were analysed");
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
