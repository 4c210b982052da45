using System.Globalization;

namespace SocketGen.ProtocolBench;

/// <summary>The command line: how many rounds and how much work per measurement, and where results go.</summary>
internal sealed record BenchOptions(int Rounds, int ExecuteNumber, int Concurrency, int Requests, string OutputDirectory)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(Rounds: 3, ExecuteNumber: 10_000, Concurrency: 4, Requests: 100_000, OutputDirectory: Path.Combine("bench", "results"));
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = Number(args[i + 1]) },
                "--execute-number" => options with { ExecuteNumber = Number(args[i + 1]) },
                "--concurrency" => options with { Concurrency = Number(args[i + 1]) },
                "--requests" => options with { Requests = Number(args[i + 1]) },
                "--out" => options with { OutputDirectory = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }

    private static int Number(string text) => Math.Max(1, int.Parse(text, CultureInfo.InvariantCulture));
}
