using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Analyzers.Lifecycle;

namespace SocketGen.AnalyzerBenchmarks;

/// <summary>
/// A quick measurement without BenchmarkDotNet (minutes instead of tens of minutes): median of a few
/// runs of the compiler alone and of the compiler with the analyzers, plus the analyzers' own execution
/// time as the compiler's telemetry reports it.
/// </summary>
public static class QuickMeasurement
{
    public static void Run(int lines, int runs)
    {
        var corpus = SocketCorpus.Create(lines);
        ImmutableArray<DiagnosticAnalyzer> analyzers = [new SocketLifecycleAnalyzer()];
        _ = corpus.Compile().GetDiagnostics(); // warm up: framework symbols, JIT

        var compilerOnly = new List<double>();
        var withAnalyzers = new List<double>();
        var analyzerOnly = new List<double>();
        var diagnostics = 0;
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            _ = corpus.Compile().GetDiagnostics();
            compilerOnly.Add(stopwatch.Elapsed.TotalMilliseconds);

            stopwatch.Restart();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
            var compilation = corpus.Compile().WithAnalyzers(analyzers, options);
            var all = compilation.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            withAnalyzers.Add(stopwatch.Elapsed.TotalMilliseconds);
            diagnostics = all.Count(d => d.Id.StartsWith("SG", StringComparison.Ordinal));
            var telemetry = compilation.GetAnalyzerTelemetryInfoAsync(analyzers[0], CancellationToken.None).GetAwaiter().GetResult();
            analyzerOnly.Add(telemetry.ExecutionTime.TotalMilliseconds);
        }

        var perThousand = 1000.0 / corpus.Lines;
        var compiler = Median(compilerOnly);
        var both = Median(withAnalyzers);
        var analyzer = Median(analyzerOnly);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpus.Lines} lines in {corpus.Trees.Length} files; {diagnostics} SG diagnostics; median of {runs} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiler without analyzers: {compiler:F0} ms ({compiler * perThousand:F1} ms per 1,000 lines)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiler with analyzers:    {both:F0} ms ({both * perThousand:F1} ms per 1,000 lines)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lifecycle analyzer (telemetry): {analyzer:F0} ms ({analyzer * perThousand:F1} ms per 1,000 lines)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio analyzer/compiler: {analyzer / compiler:P1}; wall-clock overhead: {(both - compiler) / compiler:P1}"));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
