using System.Globalization;

namespace SocketGen.Bench.Driving;

/// <summary>The load pattern, in the command-line form the native load driver takes too.</summary>
internal sealed record LoadOptions(int Port, int Connections, int Depth, double DurationSeconds, double WarmupSeconds, string Method, int Payload)
{
    public IEnumerable<string> ToArguments() =>
    [
        "--port", Port.ToString(CultureInfo.InvariantCulture),
        "--connections", Connections.ToString(CultureInfo.InvariantCulture),
        "--depth", Depth.ToString(CultureInfo.InvariantCulture),
        "--duration", DurationSeconds.ToString(CultureInfo.InvariantCulture),
        "--warmup", WarmupSeconds.ToString(CultureInfo.InvariantCulture),
        "--method", Method,
        "--payload", Payload.ToString(CultureInfo.InvariantCulture),
    ];

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions(0, 1, 1, 2, 1, "add", 16);
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            string value = args[i + 1];
            options = args[i] switch
            {
                "--port" => options with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--depth" => options with { Depth = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { DurationSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--method" => options with { Method = value },
                "--payload" => options with { Payload = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }
}
