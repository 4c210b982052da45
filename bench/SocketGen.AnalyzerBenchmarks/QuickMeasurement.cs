using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

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
        var lifecycle = SocketAnalyzers.Lifecycle();
        var all = SocketAnalyzers.All();
        ImmutableArray<DiagnosticAnalyzer> driverOnly = [new DriverBaselineAnalyzer()];
        _ = corpus.Compile().GetDiagnostics(); // warm up: framework symbols, JIT
        _ = WithAnalyzers(corpus, lifecycle, out _);

        var compilerOnly = new List<double>();
        var withDriver = new List<double>();
        var withLifecycle = new List<double>();
        var lifecycleOwn = new List<double>();
        var withAll = new List<double>();
        var allOwn = new List<double>();
        var allDiagnostics = 0;
        var driverOwn = new List<double>();
        var diagnostics = 0;
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            _ = corpus.Compile().GetDiagnostics();
            compilerOnly.Add(stopwatch.Elapsed.TotalMilliseconds);

            withDriver.Add(WithAnalyzers(corpus, driverOnly, out var baseline));
            driverOwn.Add(baseline.Own);
            withLifecycle.Add(WithAnalyzers(corpus, lifecycle, out var result));
            diagnostics = result.Diagnostics.Count;
            lifecycleOwn.Add(result.Own);
            withAll.Add(WithAnalyzers(corpus, all, out var allResult));
            allDiagnostics = allResult.Diagnostics.Count;
            allOwn.Add(allResult.Own);
        }

        var perThousand = 1000.0 / corpus.Lines;
        var compiler = Median(compilerOnly);
        var driver = Median(withDriver);
        var both = Median(withLifecycle);
        var own = Median(lifecycleOwn);
        var driverTelemetry = Median(driverOwn);
        Console.WriteLine(Invariant($"corpus: {corpus.Lines} lines in {corpus.Trees.Length} files; {diagnostics} SG diagnostics; median of {runs} runs"));
        Console.WriteLine(Invariant($"compiler alone (GetDiagnostics):             {compiler,8:F0} ms  {compiler * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"compiler + no-op analyzer, same callbacks:   {driver,8:F0} ms  {driver * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"compiler + lifecycle analyzer:               {both,8:F0} ms  {both * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"lifecycle analyzer's own callbacks (telemetry): {own,5:F0} ms  {own * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"no-op analyzer's callbacks (telemetry):         {driverTelemetry,5:F0} ms  {driverTelemetry * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"lifecycle analysis proper (telemetry minus no-op): {(own - driverTelemetry) * perThousand:F1} ms per 1,000 lines = {(own - driverTelemetry) / compiler:P1} of the compiler"));
        Console.WriteLine(Invariant($"wall clock: with analyzer / compiler alone = {both / compiler:F2}x; above the no-op analyzer: {(both - driver) / compiler:P1} of the compiler"));
        var everything = Median(withAll);
        var everythingOwn = Median(allOwn);
        Console.WriteLine(Invariant($"compiler + all {all.Length} SocketGen analyzers ({allDiagnostics} SG diagnostics): {everything,8:F0} ms  {everything * perThousand,7:F1} ms per 1,000 lines"));
        Console.WriteLine(Invariant($"all analyzers' own callbacks (telemetry, summed): {everythingOwn,5:F0} ms  {everythingOwn * perThousand,7:F1} ms per 1,000 lines = {everythingOwn / compiler:F2}x the compiler"));
        Console.WriteLine(Invariant($"wall clock: with all analyzers / compiler alone = {everything / compiler:F2}x"));
    }

    private static double WithAnalyzers(SocketCorpus corpus, ImmutableArray<DiagnosticAnalyzer> analyzers, out (IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> Diagnostics, double Own) result)
    {
        var stopwatch = Stopwatch.StartNew();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
        var compilation = corpus.Compile().WithAnalyzers(analyzers, options);
        var compilerDiagnostics = compilation.Compilation.GetDiagnostics();
        var analyzerDiagnostics = compilation.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        var own = analyzers.Sum(a => compilation.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
        _ = compilerDiagnostics;
        result = (analyzerDiagnostics.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToList(), own);
        return elapsed;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
