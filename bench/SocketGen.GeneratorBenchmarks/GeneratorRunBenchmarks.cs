using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;

namespace SocketGen.GeneratorBenchmarks;

/// <summary>
/// The generator's run time at the driver level. Cold: a new driver over a new compilation, as a
/// command-line build runs it. Incremental: a driver that has already run, over a new compilation that
/// differs only in an unrelated method body, as the IDE runs it after a keystroke. Each incremental
/// invocation toggles the edit (makes it, then undoes it), so every invocation is a real incremental run
/// relative to the one before, with no per-invocation setup.
/// </summary>
[MemoryDiagnoser]
public class GeneratorRunBenchmarks
{
    private ContractCorpus _corpus = null!;
    private GeneratorDriver _driver = null!;
    private Compilation _compilation = null!;
    private GeneratorDriver _trackedDriver = null!;
    private Compilation _trackedCompilation = null!;

    /// <summary>The number of contract methods.</summary>
    [Params(10, 100, 1_000)]
    public int Methods { get; set; }

    /// <summary>How the methods are spread over contracts.</summary>
    [Params(ContractLayout.TenPerContract, ContractLayout.OneContract)]
    public ContractLayout Layout { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _corpus = ContractCorpus.Create(Methods, Layout);
        GeneratorRuns.ProveUnrelatedEditRegeneratesNothing(_corpus);

        _compilation = _corpus.Fresh();
        _driver = GeneratorRuns.CreateDriver(trackSteps: false).RunGenerators(_compilation);
        _trackedCompilation = _corpus.Fresh();
        _trackedDriver = GeneratorRuns.CreateDriver(trackSteps: true).RunGenerators(_trackedCompilation);
    }

    /// <summary>A new driver's first run over a new compilation (nothing bound yet).</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver Cold() => GeneratorRuns.CreateDriver(trackSteps: false).RunGenerators(_corpus.Fresh());

    /// <summary><see cref="Cold"/> with every incremental step recorded, as the tests run it.</summary>
    [Benchmark]
    public GeneratorDriver ColdTracked() => GeneratorRuns.CreateDriver(trackSteps: true).RunGenerators(_corpus.Fresh());

    /// <summary>The edit alone: the new compilation the incremental runs start from, without running the generator.</summary>
    [Benchmark]
    public Compilation UnrelatedEditOnly()
    {
        _compilation = GeneratorRuns.ToggleUnrelatedEdit(_compilation, _corpus);
        return _compilation;
    }

    /// <summary>The edit and the driver's run over the edited compilation, which regenerates nothing.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalAfterUnrelatedEdit()
    {
        _compilation = GeneratorRuns.ToggleUnrelatedEdit(_compilation, _corpus);
        _driver = _driver.RunGenerators(_compilation);
        return _driver;
    }

    /// <summary><see cref="IncrementalAfterUnrelatedEdit"/> with every incremental step recorded.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalAfterUnrelatedEditTracked()
    {
        _trackedCompilation = GeneratorRuns.ToggleUnrelatedEdit(_trackedCompilation, _corpus);
        _trackedDriver = _trackedDriver.RunGenerators(_trackedCompilation);
        return _trackedDriver;
    }
}
