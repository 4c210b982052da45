using System.Text.Json;
using SocketGen.Bench.Driving;

namespace SocketGen.Bench;

/// <summary>
/// Drives one server with one load driver for one scenario, and samples the server's counters exactly when
/// the driver's measured window opens and closes (the driver prints MEASURING and DONE at those moments).
/// </summary>
internal static class LoadRun
{
    public static async Task<Measurement> RunAsync(BenchRow row, Scenario scenario, int round, ServerUnderTest server, string? nativeFolder, double warmup, double duration, int? cpu)
    {
        var options = new LoadOptions(server.Port, scenario.Connections, scenario.Depth, duration, warmup, scenario.Method, scenario.Payload);
        using ChildProcess driver = row.Client is { } client
            ? ChildProcess.StartSelf(["drive", client, .. options.ToArguments()], cpu)
            : ChildProcess.Start(Path.Combine(nativeFolder ?? throw new InvalidOperationException("No native load driver."), "loadgen"), options.ToArguments(), cpu);

        TimeSpan timeout = TimeSpan.FromSeconds(warmup + duration + 60);
        (TimeSpan Cpu, long? Allocated) serverStart = default, serverEnd = default;
        JsonElement? result = null;
        while (await driver.ReadLineAsync(timeout).ConfigureAwait(false) is { } line)
        {
            if (line == "MEASURING")
            {
                serverStart = await server.SampleAsync().ConfigureAwait(false);
            }
            else if (line == "DONE")
            {
                serverEnd = await server.SampleAsync().ConfigureAwait(false);
            }
            else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = JsonDocument.Parse(line.AsMemory(7)).RootElement.Clone();
            }
        }

        int exitCode = await driver.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result is not { } json || (exitCode != 0 && exitCode != 3))
        {
            throw new InvalidOperationException(
                $"The load driver for {row.Label} / {scenario.Name} failed (exit code {exitCode}): {driver.StandardError}"
                + (server.HasExited ? $" The server exited: {server.StandardError}" : string.Empty));
        }

        long requests = json.GetProperty("requests").GetInt64();
        double perMillion = requests > 0 ? 1e6 / requests : 0;
        return new Measurement(
            scenario.Name,
            row.Id,
            round,
            requests,
            json.GetProperty("seconds").GetDouble(),
            json.GetProperty("rps").GetDouble(),
            json.GetProperty("p50_us").GetDouble(),
            json.GetProperty("p99_us").GetDouble(),
            json.GetProperty("p999_us").GetDouble(),
            json.GetProperty("errors").GetInt64(),
            serverEnd.Allocated is { } end && serverStart.Allocated is { } start && requests > 0 ? (double)(end - start) / requests : null,
            (serverEnd.Cpu - serverStart.Cpu).TotalSeconds * perMillion,
            json.GetProperty("cpu_s").GetDouble() * perMillion);
    }
}
