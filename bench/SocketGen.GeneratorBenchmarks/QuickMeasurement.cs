using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SocketGen.GeneratorBenchmarks;

/// <summary>
/// A quick measurement without BenchmarkDotNet (a minute instead of many): Stopwatch medians of the same
/// runs the benchmarks make, printed as one compact table.
/// </summary>
public static class QuickMeasurement
{
    public static void Run(IReadOnlyList<int> methodCounts, int coldRuns, int incrementalRuns)
    {
        Console.WriteLine(Invariant($"median of {coldRuns} cold and {incrementalRuns} incremental runs after as many warm-up runs; times in ms; an incremental run includes making the edit"));
        WarmUp();
        Console.WriteLine("layout          methods contracts   cold  cold(tracked)  edit only  incremental  incr(tracked)  incr/cold");
        foreach (var layout in Enum.GetValues<ContractLayout>())
        {
            foreach (var methods in methodCounts)
            {
                var corpus = ContractCorpus.Create(methods, layout);
                GeneratorRuns.ProveUnrelatedEditRegeneratesNothing(corpus);
                GeneratorRuns.ProveGeneratedCodeCompiles(corpus);

                var cold = Median(coldRuns, () => GeneratorRuns.CreateDriver(trackSteps: false).RunGenerators(corpus.Fresh()));
                var coldTracked = Median(coldRuns, () => GeneratorRuns.CreateDriver(trackSteps: true).RunGenerators(corpus.Fresh()));

                Compilation edited = corpus.Fresh();
                var editOnly = Median(incrementalRuns, () => edited = GeneratorRuns.ToggleUnrelatedEdit(edited, corpus));
                var incremental = Incremental(corpus, trackSteps: false, incrementalRuns);
                var incrementalTracked = Incremental(corpus, trackSteps: true, incrementalRuns);
                Console.WriteLine(Invariant(
                    $"{layout,-15} {methods,7} {corpus.Contracts,9} {cold,6:F2} {coldTracked,14:F2} {editOnly,10:F3} {incremental,12:F3} {incrementalTracked,14:F3} {incremental / cold,10:P1}"));
            }
        }
    }

    /// <summary>Runs every code path once over a mid-sized project, so the first row of the table does not pay for JIT.</summary>
    private static void WarmUp()
    {
        var corpus = ContractCorpus.Create(100, ContractLayout.TenPerContract);
        for (var i = 0; i < 20; i++)
        {
            GeneratorRuns.CreateDriver(trackSteps: false).RunGenerators(corpus.Fresh());
            GeneratorRuns.CreateDriver(trackSteps: true).RunGenerators(corpus.Fresh());
        }

        Incremental(corpus, trackSteps: false, runs: 500);
        Incremental(corpus, trackSteps: true, runs: 500);
    }

    private static double Incremental(ContractCorpus corpus, bool trackSteps, int runs)
    {
        Compilation compilation = corpus.Fresh();
        var driver = GeneratorRuns.CreateDriver(trackSteps).RunGenerators(compilation);
        return Median(runs, () =>
        {
            compilation = GeneratorRuns.ToggleUnrelatedEdit(compilation, corpus);
            driver = driver.RunGenerators(compilation);
        });
    }

    private static double Median(int runs, Action run)
    {
        // Warm up as many runs as are measured (JIT tiering settles after a few dozen calls), so the table
        // shows steady state like BenchmarkDotNet does, not first-call JIT cost.
        for (var i = 0; i < runs; i++)
        {
            run();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            run();
            times[i] = stopwatch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
