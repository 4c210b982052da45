using System.Globalization;
using SocketGen.Bench.Reporting;
using SocketGen.Bench.Servers;

namespace SocketGen.Bench;

/// <summary>
/// The side-by-side run: builds the native pieces, starts every server once, then for each scenario measures
/// every row in turn, several rounds, rotating the order each round so no server always goes first. Ratios
/// are paired by round (a row's throughput divided by the native server's from the same round), then the
/// median over rounds is reported.
/// </summary>
internal static class Harness
{
    public static IReadOnlyList<BenchRow> Rows { get; } =
    [
        new("native", "native C (epoll)", ServerKinds.Native, GeneratedClient: false),
        new("handwritten", "hand-written Sockets", ServerKinds.HandWritten, GeneratedClient: false),
        new("kestrel", "Kestrel raw TCP", ServerKinds.Kestrel, GeneratedClient: false),
        new("generated", "SocketGen generated", ServerKinds.Generated, GeneratedClient: false),
        new("generated-client", "SocketGen client+server", ServerKinds.Generated, GeneratedClient: true),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!HarnessOptions.TryParse(args, out HarnessOptions? options, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(HarnessOptions.Usage);
            return 2;
        }

        string note = $"Client and server share this machine's {Environment.ProcessorCount} cores: the load driver's CPU time is taken from the server under test.";
        Console.WriteLine($"SocketGen side-by-side benchmark · {MachineInfo.Describe()}");
        Console.WriteLine(note);
        Console.WriteLine($"Warm-up {options.WarmupSeconds} s, measured {options.DurationSeconds} s per run, {options.Rounds} rounds, servers in rotating order.");

        string? nativeFolder = NativeTools.Build(out string? skipReason);
        if (nativeFolder is null)
        {
            Console.WriteLine($"Note: {skipReason}. Only the generated client row can run.");
        }

        List<BenchRow> rows = Rows
            .Where(r => options.Rows is null || options.Rows.Contains(r.Id))
            .Where(r => nativeFolder is not null || r.GeneratedClient)
            .ToList();
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("Nothing to run.");
            return 1;
        }

        var servers = new Dictionary<string, ServerUnderTest>();
        var measurements = new List<Measurement>();
        var failures = new List<string>();
        try
        {
            foreach (string kind in rows.Select(r => r.ServerKind).Distinct())
            {
                servers[kind] = await ServerUnderTest.StartAsync(kind, kind == ServerKinds.Native ? nativeFolder : null).ConfigureAwait(false);
            }

            var progress = new ProgressLine();
            int total = options.Scenarios.Count * options.Rounds * rows.Count;
            int done = 0;
            foreach (Scenario scenario in options.Scenarios)
            {
                for (int round = 1; round <= options.Rounds; round++)
                {
                    for (int i = 0; i < rows.Count; i++)
                    {
                        BenchRow row = rows[(i + round - 1) % rows.Count];
                        progress.Show($"[{done + 1}/{total}] {scenario.Name} · round {round}/{options.Rounds} · {row.Label}");
                        done++;
                        ServerUnderTest server = servers[row.ServerKind];
                        if (server.HasExited)
                        {
                            continue;
                        }

                        try
                        {
                            measurements.Add(await LoadRun.RunAsync(row, scenario, round, server, nativeFolder, options.WarmupSeconds, options.DurationSeconds).ConfigureAwait(false));
                        }
                        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
                        {
                            // One failed run must not cost the others: report it and carry on.
                            progress.Clear();
                            failures.Add($"{scenario.Name} / {row.Label} / round {round}: {ex.Message}");
                            Console.Error.WriteLine($"FAILED {failures[^1]}");
                        }
                    }
                }
            }

            progress.Clear();
        }
        finally
        {
            foreach (ServerUnderTest server in servers.Values)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        IReadOnlyList<Summary> summaries = Summarize(options.Scenarios, rows, measurements);
        IReadOnlyList<PairRatio> ratios = PairRatios(options.Scenarios, measurements);
        ResultTable.Write(Console.Out, summaries, ratios);
        Console.WriteLine(note);

        Directory.CreateDirectory(options.OutputFolder);
        string json = Path.Combine(options.OutputFolder, "results.json");
        string svg = Path.Combine(options.OutputFolder, "results.svg");
        JsonReport.Write(json, options, note, measurements, summaries, ratios);
        SvgChart.Write(svg, options.Scenarios, rows, summaries);
        Console.WriteLine($"Wrote {json} and {svg}.");
        foreach (string failure in failures)
        {
            Console.WriteLine($"Failed run: {failure}");
        }

        return failures.Count > 0 || measurements.Any(m => m.Errors > 0) ? 3 : 0;
    }

    private static IReadOnlyList<Summary> Summarize(IReadOnlyList<Scenario> scenarios, IReadOnlyList<BenchRow> rows, List<Measurement> measurements)
    {
        var summaries = new List<Summary>();
        foreach (Scenario scenario in scenarios)
        {
            foreach (BenchRow row in rows)
            {
                List<Measurement> runs = measurements.Where(m => m.Scenario == scenario.Name && m.Row == row.Id).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                List<double?> allocations = runs.Select(m => m.ServerBytesPerRequest).ToList();
                summaries.Add(new Summary(
                    scenario.Name,
                    row.Id,
                    row.Label,
                    Median(runs.Select(m => m.RequestsPerSecond)),
                    Median(runs.Select(m => m.P50Microseconds)),
                    Median(runs.Select(m => m.P99Microseconds)),
                    Median(runs.Select(m => m.P999Microseconds)),
                    allocations.All(a => a is not null) ? allocations.Average() : null,
                    runs.Average(m => m.ServerCpuSecondsPerMillion),
                    runs.Average(m => m.DriverCpuSecondsPerMillion),
                    PairedRatio(measurements, scenario.Name, row.Id, "native", m => m.RequestsPerSecond),
                    runs.Sum(m => m.Errors)));
            }
        }

        return summaries;
    }

    private static IReadOnlyList<PairRatio> PairRatios(IReadOnlyList<Scenario> scenarios, List<Measurement> measurements)
    {
        var ratios = new List<PairRatio>();
        foreach (Scenario scenario in scenarios)
        {
            ratios.Add(new PairRatio(
                scenario.Name,
                PairedRatio(measurements, scenario.Name, "generated", "handwritten", m => m.RequestsPerSecond),
                PairedRatio(measurements, scenario.Name, "generated", "kestrel", m => m.RequestsPerSecond),
                PairedRatio(measurements, scenario.Name, "generated", "native", m => m.RequestsPerSecond),
                PairedRatio(measurements, scenario.Name, "generated-client", "native", m => m.RequestsPerSecond),
                PairedRatio(measurements, scenario.Name, "generated", "handwritten", m => m.P99Microseconds),
                PairedRatio(measurements, scenario.Name, "generated", "handwritten", m => m.ServerCpuSecondsPerMillion)));
        }

        return ratios;
    }

    /// <summary>
    /// The median over rounds of <paramref name="row"/>'s value divided by <paramref name="baseline"/>'s in the
    /// same round. The median, not the mean: on a shared machine one disturbed round must not decide the ratio.
    /// </summary>
    private static double? PairedRatio(List<Measurement> measurements, string scenario, string row, string baseline, Func<Measurement, double> value)
    {
        var ratios = new List<double>();
        foreach (Measurement m in measurements.Where(m => m.Scenario == scenario && m.Row == row))
        {
            Measurement? b = measurements.FirstOrDefault(x => x.Scenario == scenario && x.Row == baseline && x.Round == m.Round);
            if (b is not null && value(b) > 0 && value(m) > 0)
            {
                ratios.Add(value(m) / value(b));
            }
        }

        return ratios.Count == 0 ? null : Median(ratios);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>The ratios the targets are stated in, for one scenario.</summary>
internal sealed record PairRatio(string Scenario, double? GeneratedVsHandWritten, double? GeneratedVsKestrel, double? GeneratedVsNative, double? GeneratedClientVsNative, double? P99GeneratedVsHandWritten, double? CpuPerRequestGeneratedVsHandWritten);

/// <summary>The command line of the harness.</summary>
internal sealed record HarnessOptions(IReadOnlyList<Scenario> Scenarios, double DurationSeconds, double WarmupSeconds, int Rounds, string OutputFolder, IReadOnlySet<string>? Rows)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/SocketGen.Bench -- [scenario...] [--duration s] [--warmup s] [--rounds n] [--out dir] [--servers id,id]\n"
        + "scenarios: add-1x1 add-1x64 add-32x16 echo-16b echo-4k echo-256k (default: all)\n"
        + "servers: native handwritten kestrel generated generated-client (default: all)";

    public static bool TryParse(string[] args, out HarnessOptions options, out string? error)
    {
        options = new HarnessOptions(Scenario.All, 5, 2, 3, DefaultOutputFolder(), null);
        var scenarios = new List<Scenario>();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--duration" or "--warmup" or "--rounds" or "--out" or "--servers")
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{arg} needs a value.";
                    return false;
                }

                string value = args[++i];
                switch (arg)
                {
                    case "--duration" when double.TryParse(value, CultureInfo.InvariantCulture, out double d) && d > 0:
                        options = options with { DurationSeconds = d };
                        break;
                    case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out double w) && w >= 0:
                        options = options with { WarmupSeconds = w };
                        break;
                    case "--rounds" when int.TryParse(value, CultureInfo.InvariantCulture, out int r) && r > 0:
                        options = options with { Rounds = r };
                        break;
                    case "--out":
                        options = options with { OutputFolder = Path.GetFullPath(value) };
                        break;
                    case "--servers":
                        options = options with { Rows = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() };
                        break;
                    default:
                        error = $"{arg} {value}: not a valid value.";
                        return false;
                }
            }
            else if (Scenario.All.FirstOrDefault(s => s.Name == arg) is { } scenario)
            {
                scenarios.Add(scenario);
            }
            else if (arg is "-h" or "--help")
            {
                error = string.Empty;
                return false;
            }
            else
            {
                error = $"Unknown scenario or option '{arg}'.";
                return false;
            }
        }

        if (scenarios.Count > 0)
        {
            options = options with { Scenarios = scenarios };
        }

        return true;
    }

    /// <summary>bench/results in the repository this program was built from, found by its solution file.</summary>
    private static string DefaultOutputFolder()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SocketGen.sln")))
                {
                    return Path.Combine(dir.FullName, "bench", "results");
                }
            }
        }

        return Path.GetFullPath(Path.Combine("bench", "results"));
    }
}

/// <summary>One line of progress on stderr, rewritten in place on a terminal.</summary>
internal sealed class ProgressLine
{
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private int _lastLength;

    public void Show(string text)
    {
        if (_inPlace)
        {
            Console.Error.Write("\r" + text.PadRight(_lastLength));
            _lastLength = text.Length;
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }

    public void Clear()
    {
        if (_inPlace && _lastLength > 0)
        {
            Console.Error.Write("\r" + new string(' ', _lastLength) + "\r");
        }
    }
}
