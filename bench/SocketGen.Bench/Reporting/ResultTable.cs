using System.Globalization;

namespace SocketGen.Bench.Reporting;

/// <summary>The printed table (also valid Markdown, so it can go into the README as is) and the ratio summary.</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<Summary> summaries, IReadOnlyList<RatioTableResult> ratioTables)
    {
        output.WriteLine();
        output.WriteLine("| scenario | server | req/s | p50 µs | p99 µs | p99.9 µs | server B/req | server CPU s/M req | driver CPU s/M req | × native |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (Summary s in summaries)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Label} | {s.RequestsPerSecond:N0} | {s.P50Microseconds:F1} | {s.P99Microseconds:F1} | {s.P999Microseconds:F1} | {Bytes(s.ServerBytesPerRequest)} | {s.ServerCpuSecondsPerMillion:F2} | {s.DriverCpuSecondsPerMillion:F2} | {Ratio(s.RatioToNative)} |{(s.Errors > 0 ? $" {s.Errors} errors" : string.Empty)}"));
        }

        foreach (RatioTableResult table in ratioTables)
        {
            output.WriteLine();
            output.WriteLine(table.Title + ":");
            output.WriteLine();
            output.WriteLine($"| scenario | {string.Join(" | ", table.Columns)} |");
            output.WriteLine($"| --- |{string.Concat(table.Columns.Select(_ => " ---: |"))}");
            foreach (RatioRow r in table.Rows)
            {
                output.WriteLine($"| {r.Scenario} | {string.Join(" | ", r.Values.Select(Ratio))} |");
            }
        }

        output.WriteLine();
    }

    private static string Bytes(double? bytes) => bytes is { } b ? b.ToString(b < 10 ? "F1" : "N0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double? ratio) => ratio is { } r ? RatioNumber(r) + "×" : "–";

    /// <summary>A ratio with two decimals, three below 0.1 (the peers' rows reach 0.005×).</summary>
    public static string RatioNumber(double ratio) => ratio.ToString(ratio < 0.1 ? "F3" : "F2", CultureInfo.InvariantCulture);
}
