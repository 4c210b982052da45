using BenchmarkDotNet.Running;
using SocketGen.AnalyzerBenchmarks;

// dotnet run -c Release --project bench/SocketGen.AnalyzerBenchmarks -- --quick [lines] [runs]
// dotnet run -c Release --project bench/SocketGen.AnalyzerBenchmarks -- (BenchmarkDotNet arguments)
if (args.Length > 0 && args[0] == "--quick")
{
    var lines = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    QuickMeasurement.Run(lines, runs);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AnalyzerCostBenchmarks).Assembly).Run(args);
