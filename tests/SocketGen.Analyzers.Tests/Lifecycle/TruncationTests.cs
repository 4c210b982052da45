using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Analyzers.Lifecycle;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>The analyzers never throw on half-typed code: every corpus source cut at every token boundary.</summary>
public class TruncationTests
{
    /// <summary>
    /// Keeps the test well under a minute on a shared 2-core machine: sources with more boundaries are
    /// sampled evenly. SOCKETGEN_TRUNCATION_FULL=1 analyses every boundary.
    /// </summary>
    private const int MaxPrefixesPerSource = 30;

    [Fact]
    public void Analyzers_never_throw_on_any_truncation_of_the_corpus()
    {
        var sources = IdiomaticSocketCode.All.Concat(MisusedSocketCode.All).Select(entry => entry.Value).ToList();
        ImmutableArray<DiagnosticAnalyzer> analyzers = [new SocketLifecycleAnalyzer()];
        // A guard against hangs only; the cap above is what keeps it short.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stopwatch = Stopwatch.StartNew();

        var analysed = TruncationTest.AssertNoAnalyzerExceptions(analyzers, sources, MaxPrefixesPerSource, timeout.Token);

        Assert.True(analysed >= sources.Count * 20, $"only {analysed} prefixes were analysed");
        Console.WriteLine($"Truncation: {analysed} prefixes of {sources.Count} sources in {stopwatch.Elapsed}");
    }
}
