using System.Runtime.InteropServices;
using System.Text.Json;

namespace SocketGen.Bench.Reporting;

/// <summary>Everything the run measured, round by round, plus the summaries and ratios, as JSON.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string path, HarnessOptions options, string note, IReadOnlyList<Measurement> measurements, IReadOnlyList<Summary> summaries, IReadOnlyList<RatioTableResult> ratios)
    {
        var report = new
        {
            Machine = new
            {
                MachineInfo.Cpu,
                Os = RuntimeInformation.OSDescription,
                Runtime = RuntimeInformation.FrameworkDescription,
                Cores = Environment.ProcessorCount,
            },
            Note = note,
            Settings = new
            {
                options.DurationSeconds,
                options.WarmupSeconds,
                options.Rounds,
                options.Pinned,
                Scenarios = options.Scenarios,
            },
            FinishedAt = DateTimeOffset.UtcNow,
            Summaries = summaries,
            Ratios = ratios,
            Runs = measurements,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(report, s_options));
    }
}
