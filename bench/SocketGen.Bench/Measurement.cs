namespace SocketGen.Bench;

/// <summary>
/// A row of the result table: a server, and the load driver that drives it: the native load driver when
/// <paramref name="Client"/> is null, otherwise that client under test (<c>drive &lt;client&gt;</c>).
/// </summary>
internal sealed record BenchRow(string Id, string Label, string ServerKind, string? Client);

/// <summary>One measured run: one row, one scenario, one round.</summary>
internal sealed record Measurement(
    string Scenario,
    string Row,
    int Round,
    long Requests,
    double Seconds,
    double RequestsPerSecond,
    double P50Microseconds,
    double P99Microseconds,
    double P999Microseconds,
    long Errors,
    double? ServerBytesPerRequest,
    double ServerCpuSecondsPerMillion,
    double DriverCpuSecondsPerMillion);

/// <summary>A row's figures over all rounds of a scenario, and its ratios paired round by round.</summary>
internal sealed record Summary(
    string Scenario,
    string Row,
    string Label,
    double RequestsPerSecond,
    double P50Microseconds,
    double P99Microseconds,
    double P999Microseconds,
    double? ServerBytesPerRequest,
    double ServerCpuSecondsPerMillion,
    double DriverCpuSecondsPerMillion,
    double? RatioToNative,
    long Errors);

/// <summary>The figure of a run a ratio compares.</summary>
internal enum RatioFigure
{
    /// <summary>Requests per second.</summary>
    Throughput,

    /// <summary>99th-percentile latency.</summary>
    P99,

    /// <summary>The server's CPU time per request.</summary>
    ServerCpu,

    /// <summary>The server's and the load driver's CPU time per request together: what a call costs both ends.</summary>
    TotalCpu,
}

/// <summary>Reads a <see cref="RatioFigure"/> off a run.</summary>
internal static class RatioFigures
{
    public static double Of(this RatioFigure figure, Measurement m) => figure switch
    {
        RatioFigure.Throughput => m.RequestsPerSecond,
        RatioFigure.P99 => m.P99Microseconds,
        RatioFigure.ServerCpu => m.ServerCpuSecondsPerMillion,
        RatioFigure.TotalCpu => m.ServerCpuSecondsPerMillion + m.DriverCpuSecondsPerMillion,
        _ => throw new ArgumentOutOfRangeException(nameof(figure)),
    };
}

/// <summary>One column of a ratio table: <paramref name="Row"/>'s figure over <paramref name="Baseline"/>'s, paired by round.</summary>
internal sealed record RatioColumn(string Header, string Row, string Baseline, RatioFigure Figure);

/// <summary>A table of ratio columns, one line per scenario.</summary>
internal sealed record RatioTable(string Title, IReadOnlyList<RatioColumn> Columns);

/// <summary>A ratio table's figures after a run: per scenario, one median paired ratio per column (null where a row did not run).</summary>
internal sealed record RatioTableResult(string Title, IReadOnlyList<string> Columns, IReadOnlyList<RatioRow> Rows);

/// <summary>One scenario's line of a <see cref="RatioTableResult"/>.</summary>
internal sealed record RatioRow(string Scenario, IReadOnlyList<double?> Values);
