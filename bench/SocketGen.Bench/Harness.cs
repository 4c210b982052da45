using System.Globalization;
using SocketGen.Bench.Driving;
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
        new("native", "native C (epoll)", ServerKinds.Native, Client: null),
        new("handwritten", "hand-written Sockets", ServerKinds.HandWritten, Client: null),
        new("kestrel", "Kestrel raw TCP", ServerKinds.Kestrel, Client: null),
        new("generated", "SocketGen generated", ServerKinds.Generated, Client: null),
        new("generated-client", "SocketGen client+server", ServerKinds.Generated, BenchClients.Generated),
        new("grpc", "gRPC (Grpc.AspNetCore + Grpc.Net.Client)", ServerKinds.Grpc, BenchClients.Grpc),
        new("protobuf-net-grpc", "protobuf-net.Grpc code-first", ServerKinds.CodeFirst, BenchClients.CodeFirst),
        new("streamjsonrpc", "StreamJsonRpc (MessagePack)", ServerKinds.JsonRpc, BenchClients.JsonRpc),
    ];

    /// <summary>The ratio tables printed and written after a run, each a row's figure over a baseline's from the same round.</summary>
    public static IReadOnlyList<RatioTable> RatioTables { get; } =
    [
        new("SocketGen's generated server against servers written by hand for the same wire format (all driven by the native load driver)",
        [
            new("generated ÷ hand-written", "generated", "handwritten", RatioFigure.Throughput),
            new("generated ÷ Kestrel", "generated", "kestrel", RatioFigure.Throughput),
            new("generated ÷ native", "generated", "native", RatioFigure.Throughput),
            new("client+server ÷ native", "generated-client", "native", RatioFigure.Throughput),
            new("p99 generated ÷ hand-written", "generated", "handwritten", RatioFigure.P99),
            new("server CPU/req generated ÷ hand-written", "generated", "handwritten", RatioFigure.ServerCpu),
        ]),
        new("SocketGen client+server against the RPC stacks .NET users pick instead, each driven by its own client",
        [
            new("req/s ÷ gRPC", "generated-client", "grpc", RatioFigure.Throughput),
            new("req/s ÷ protobuf-net.Grpc", "generated-client", "protobuf-net-grpc", RatioFigure.Throughput),
            new("req/s ÷ StreamJsonRpc", "generated-client", "streamjsonrpc", RatioFigure.Throughput),
            new("CPU/call ÷ gRPC", "generated-client", "grpc", RatioFigure.TotalCpu),
            new("CPU/call ÷ protobuf-net.Grpc", "generated-client", "protobuf-net-grpc", RatioFigure.TotalCpu),
            new("CPU/call ÷ StreamJsonRpc", "generated-client", "streamjsonrpc", RatioFigure.TotalCpu),
            new("p99 ÷ gRPC", "generated-client", "grpc", RatioFigure.P99),
        ]),
    ];

    /// <summary>With <c>--pin</c>: the CPU every server runs on, and the one every load driver runs on.</summary>
    public const int ServerCpu = 1;

    /// <inheritdoc cref="ServerCpu"/>
    public const int DriverCpu = 0;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!HarnessOptions.TryParse(args, out HarnessOptions? options, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(HarnessOptions.Usage);
            return 2;
        }

        string note = options.Pinned
            ? $"Pinned: every server runs on CPU {ServerCpu} alone and every load driver on CPU {DriverCpu} alone (taskset), so a server's throughput is what one core of its own gives it, apart from the driver's cost."
            : $"Client and server share this machine's {Environment.ProcessorCount} cores: the load driver's CPU time is taken from the server under test.";
        if (options.Pinned && (Environment.ProcessorCount < 2 || !OperatingSystem.IsLinux()))
        {
            Console.Error.WriteLine("--pin needs Linux (taskset) and at least two cores.");
            return 2;
        }

        int? serverCpu = options.Pinned ? ServerCpu : null;
        int? driverCpu = options.Pinned ? DriverCpu : null;
        Console.WriteLine($"SocketGen side-by-side benchmark · {MachineInfo.Describe()}");
        Console.WriteLine(note);
        Console.WriteLine($"Warm-up {options.WarmupSeconds} s, measured {options.DurationSeconds} s per run, {options.Rounds} rounds, servers in rotating order.");
        string loadBefore = MachineInfo.LoadAverage();
        Console.WriteLine($"Load average (1, 5, 15 min) before the run: {loadBefore}.");

        string? nativeFolder = NativeTools.Build(out string? skipReason);
        if (nativeFolder is null)
        {
            Console.WriteLine($"Note: {skipReason}. Only the client rows (SocketGen client+server and the peers) can run.");
        }

        List<BenchRow> rows = Rows
            .Where(r => options.Rows is null || options.Rows.Contains(r.Id))
            .Where(r => nativeFolder is not null || (r.Client is not null && r.ServerKind != ServerKinds.Native))
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
                servers[kind] = await ServerUnderTest.StartAsync(kind, kind == ServerKinds.Native ? nativeFolder : null, serverCpu).ConfigureAwait(false);
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
                            measurements.Add(await LoadRun.RunAsync(row, scenario, round, server, nativeFolder, options.WarmupSeconds, options.DurationSeconds, driverCpu).ConfigureAwait(false));
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

        string load = $"Load average (1, 5, 15 min) before the run {loadBefore}, after it {MachineInfo.LoadAverage()}.";
        IReadOnlyList<Summary> summaries = Summarize(options.Scenarios, rows, measurements);
        IReadOnlyList<RatioTableResult> ratios = RatioTables.Select(t => PairRatios(t, options.Scenarios, measurements)).ToList();
        ResultTable.Write(Console.Out, summaries, ratios);
        Console.WriteLine(note);
        Console.WriteLine(load);

        Directory.CreateDirectory(options.OutputFolder);
        string name = options.Pinned ? "results-pinned" : "results";
        string json = Path.Combine(options.OutputFolder, name + ".json");
        string svg = Path.Combine(options.OutputFolder, name + ".svg");
        string markdown = Path.Combine(options.OutputFolder, name + ".md");
        JsonReport.Write(json, options, $"{note} {load}", measurements, summaries, ratios);
        using (var tables = new StreamWriter(markdown))
        {
            // The same tables as printed, ready to paste into the README's Performance section.
            tables.WriteLine($"{MachineInfo.Describe()}. {note} {load}");
            ResultTable.Write(tables, summaries, ratios);
        }

        SvgChart.Write(svg, options.Scenarios, rows, summaries, options.Pinned ? " · server and driver pinned to a core each" : string.Empty);
        Console.WriteLine($"Wrote {json}, {markdown} and {svg}.");
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

    private static RatioTableResult PairRatios(RatioTable table, IReadOnlyList<Scenario> scenarios, List<Measurement> measurements) =>
        new(
            table.Title,
            table.Columns.Select(c => c.Header).ToList(),
            scenarios
                .Select(scenario => new RatioRow(
                    scenario.Name,
                    table.Columns.Select(c => PairedRatio(measurements, scenario.Name, c.Row, c.Baseline, m => c.Figure.Of(m))).ToList()))
                .ToList());

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

/// <summary>The command line of the harness.</summary>
internal sealed record HarnessOptions(IReadOnlyList<Scenario> Scenarios, double DurationSeconds, double WarmupSeconds, int Rounds, string OutputFolder, IReadOnlySet<string>? Rows, bool Pinned)
{
    public static string Usage =>
        "usage: dotnet run -c Release --project bench/SocketGen.Bench -- [scenario...] [--duration s] [--warmup s] [--rounds n] [--out dir] [--servers id,id] [--pin]\n"
        + $"scenarios: {string.Join(' ', Scenario.All.Select(s => s.Name))} (default: all)\n"
        + $"servers: {string.Join(' ', Harness.Rows.Select(r => r.Id))} (default: all)\n"
        + $"--pin: servers on CPU {Harness.ServerCpu}, load drivers on CPU {Harness.DriverCpu} (taskset); writes results-pinned.json/.svg";

    public static bool TryParse(string[] args, out HarnessOptions options, out string? error)
    {
        options = new HarnessOptions(Scenario.All, 5, 2, 3, DefaultOutputFolder(), null, Pinned: false);
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
            else if (arg == "--pin")
            {
                options = options with { Pinned = true };
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
