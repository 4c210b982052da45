using System.Globalization;
using BenchmarkDotNet.Running;
using SocketGen.GeneratorBenchmarks;

// dotnet run -c Release --project bench/SocketGen.GeneratorBenchmarks -- --quick [cold runs] [incremental runs]
// dotnet run -c Release --project bench/SocketGen.GeneratorBenchmarks -- (BenchmarkDotNet arguments)
if (args.Length > 0 && args[0] == "--quick")
{
    var coldRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
    var incrementalRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1001;
    QuickMeasurement.Run([10, 100, 1_000], coldRuns, incrementalRuns);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GeneratorRunBenchmarks).Assembly).Run(args);
