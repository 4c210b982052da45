using BenchmarkDotNet.Running;
using SocketGen.Benchmarks;

// dotnet run -c Release --project bench/SocketGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/SocketGen.Benchmarks -- --count-bytes   (exact process-wide bytes per call)
if (args is ["--count-bytes", ..])
{
    await AllocationCounter.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
