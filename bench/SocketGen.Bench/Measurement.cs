namespace SocketGen.Bench;

/// <summary>A row of the result table: a server, and the load driver that drives it.</summary>
internal sealed record BenchRow(string Id, string Label, string ServerKind, bool GeneratedClient);

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
