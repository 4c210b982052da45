using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.AnalyzerBenchmarks;

/// <summary>
/// The compiler's full diagnostics pass over the corpus without analyzers (the baseline), and the same
/// pass with the SocketGen analyzers. The difference, divided by the corpus size, is the analyzer cost
/// per 1,000 lines.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerCostBenchmarks
{
    private SocketCorpus _corpus = null!;
    private ImmutableArray<DiagnosticAnalyzer> _lifecycle;
    private ImmutableArray<DiagnosticAnalyzer> _all;

    /// <summary>The corpus size in lines.</summary>
    [Params(10_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _corpus = SocketCorpus.Create(Lines);
        _lifecycle = SocketAnalyzers.Lifecycle();
        _all = SocketAnalyzers.All();
        _ = _corpus.Compile().GetDiagnostics(); // bind the framework references once, outside the measurements
    }

    [Benchmark(Baseline = true)]
    public int CompilerOnly() => _corpus.Compile().GetDiagnostics().Length;

    [Benchmark]
    public int CompilerWithLifecycleAnalyzer()
        => _corpus.Compile().WithAnalyzers(_lifecycle).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    [Benchmark]
    public int CompilerWithAllAnalyzers()
        => _corpus.Compile().WithAnalyzers(_all).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
}
