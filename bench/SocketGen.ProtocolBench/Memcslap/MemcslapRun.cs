using System.Globalization;
using System.Text.RegularExpressions;
using SocketGen.Bench;

namespace SocketGen.ProtocolBench.Memcslap;

/// <summary>One run of memcached's load generator, <c>memcslap</c>, against one server.</summary>
internal static partial class MemcslapRun
{
    /// <summary>Runs <c>memcslap</c> and returns the operations per second of its timed phase.</summary>
    /// <param name="port">The server's loopback port.</param>
    /// <param name="test"><c>get</c> or <c>set</c>.</param>
    /// <param name="binary">Whether to speak the binary protocol.</param>
    /// <param name="concurrency">memcslap's threads, one connection each.</param>
    /// <param name="executeNumber">Operations per thread (and, for get, the keys set first).</param>
    public static async Task<double> OperationsPerSecondAsync(int port, string test, bool binary, int concurrency, int executeNumber)
    {
        string program = NativeTools.FindOnPath("memcslap") ?? throw new InvalidOperationException("memcslap is not installed.");
        List<string> args = [$"--servers=127.0.0.1:{port}", $"--concurrency={concurrency}", $"--execute-number={executeNumber}", $"--test={test}"];
        if (binary)
        {
            args.Add("--binary");
        }

        using var memcslap = ChildProcess.Start(program, args);
        var output = new System.Text.StringBuilder();
        while (await memcslap.ReadLineAsync(TimeSpan.FromMinutes(2)) is { } line)
        {
            output.AppendLine(line);
        }

        int code = await memcslap.WaitForExitAsync(TimeSpan.FromMinutes(1));
        string text = output.ToString();
        var timed = TimedPhase().Match(text);
        if (code != 0 || !timed.Success || text.Contains("error", StringComparison.OrdinalIgnoreCase) || memcslap.StandardError.Length > 0)
        {
            throw new InvalidOperationException($"memcslap {string.Join(' ', args)} failed (exit {code}):\n{text}{memcslap.StandardError}");
        }

        // memcslap counts the keys it found; every thread made executeNumber requests either way.
        double seconds = double.Parse(timed.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        return (double)concurrency * executeNumber / seconds;
    }

    [GeneratedRegex(@"Time to (get|set)\s+\d+ keys by\s+\d+ threads:\s+(?<seconds>[0-9.]+) seconds")]
    private static partial Regex TimedPhase();
}
