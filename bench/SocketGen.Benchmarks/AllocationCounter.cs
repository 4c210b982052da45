namespace SocketGen.Benchmarks;

/// <summary>
/// A cross-check of the MemoryDiagnoser: counts every byte the process allocates (all threads) over many
/// calls after a warm-up, so an allocation too small to show per operation in the table still shows here.
/// </summary>
internal static class AllocationCounter
{
    private static readonly int Calls = int.TryParse(Environment.GetEnvironmentVariable("SOCKETGEN_COUNT_CALLS"), out int calls) ? calls : 200_000;

    public static async Task RunAsync()
    {
        var benchmarks = new AddCallBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            foreach (string scenario in new[] { "client (vs raw server)", "server (vs raw client)", "client + server" })
            {
                await MeasureAsync(benchmarks, scenario);
            }
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
    }

    // No lambdas or per-batch tasks here: this method's own state machine is boxed once, during warm-up.
    private static async Task MeasureAsync(AddCallBenchmarks benchmarks, string scenario)
    {
        long before = 0;
        for (int batch = -20; batch < Calls / 1000; batch++)
        {
            if (batch == 0)
            {
                before = GC.GetTotalAllocatedBytes(precise: true);
            }

            switch (scenario[0..6])
            {
                case "client" when scenario.Length > 20 && scenario[7] == '(':
                    await benchmarks.ClientCall();
                    break;
                case "server":
                    benchmarks.ServerCall();
                    break;
                default:
                    await benchmarks.ClientAndServerCall();
                    break;
            }
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"{scenario,-24} {allocated,10} bytes over {Calls} calls = {(double)allocated / Calls:F4} B/call");
    }
}
