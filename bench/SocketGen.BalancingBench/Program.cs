using System.Diagnostics;
using System.Globalization;
using System.Net;
using SocketGen;
using SocketGen.Balancing;
using SocketGen.BalancingBench;

// Throughput through one balanced client against one, two and three server processes (127.0.0.2, .3, .4), beside
// a direct (unbalanced) client against one server as the baseline, measured in the same rounds:
//   dotnet run -c Release --project bench/SocketGen.BalancingBench -- [seconds per row] [rounds] [callers]
if (args.Length >= 3 && args[0] == "serve")
{
    await using SocketServer server = await AdderServer.StartAsync(new Adder(), new IPEndPoint(IPAddress.Parse(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture)));
    Console.WriteLine("listening");
    await Console.In.ReadLineAsync();
    return;
}

double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
int callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
const int Port = 47613;
IPEndPoint[] endPoints = [.. Enumerable.Range(2, 3).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), Port))];
var servers = new List<Process>();
try
{
    foreach (IPEndPoint endPoint in endPoints)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Adder).Assembly.Location);
        }

        foreach (string argument in new[] { "serve", endPoint.Address.ToString(), Port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        Process server = Process.Start(start)!;
        servers.Add(server);
        await server.StandardOutput.ReadLineAsync();
    }

    string[] rows = ["direct client, 1 server", "balanced, 1 server", "balanced, 2 servers", "balanced, 3 servers"];
    var results = rows.ToDictionary(r => r, _ => new List<double>());
    var ratios = rows.ToDictionary(r => r, _ => new List<double>());
    for (int round = 0; round < rounds; round++)
    {
        var perRow = new Dictionary<string, double>();
        for (int i = 0; i < rows.Length; i++)
        {
            string row = rows[(i + round) % rows.Length]; // the order rotates each round
            int count = row.StartsWith("direct", StringComparison.Ordinal) ? 1 : row[10] - '0';
            await using AdderClient client = row.StartsWith("direct", StringComparison.Ordinal)
                ? await AdderClient.ConnectAsync(endPoints[0])
                : AdderClient.Connect(new BalancingOptions(new StaticServerResolver(endPoints.Take(count))) { Policy = BalancingPolicy.RoundRobin });
            perRow[row] = await MeasureAsync(client, callers, seconds);
        }

        foreach (string row in rows)
        {
            results[row].Add(perRow[row]);
            ratios[row].Add(perRow[row] / perRow[rows[0]]);
        }
    }

    Console.WriteLine($"{callers} callers, {seconds} s per row, {rounds} rounds, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine("| setup | median req/s | × direct client (paired per round, median) |");
    Console.WriteLine("| --- | ---: | ---: |");
    foreach (string row in rows)
    {
        Console.WriteLine($"| {row} | {Median(results[row]):N0} | {Median(ratios[row]):F2}× |");
    }
}
finally
{
    foreach (Process server in servers)
    {
        server.Kill();
        server.Dispose();
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static async Task<double> MeasureAsync(AdderClient client, int callers, double seconds)
{
    await client.AddAsync(1, 1);
    using var warm = new CancellationTokenSource(TimeSpan.FromSeconds(1));
    await RunAsync(client, callers, warm.Token);
    using var measured = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var clock = Stopwatch.StartNew();
    long calls = await RunAsync(client, callers, measured.Token);
    return calls / clock.Elapsed.TotalSeconds;
}

static async Task<long> RunAsync(AdderClient client, int callers, CancellationToken stop)
{
    long total = 0;
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        long calls = 0;
        while (!stop.IsCancellationRequested)
        {
            await client.AddAsync(1, 2);
            calls++;
        }

        Interlocked.Add(ref total, calls);
    })));
    return total;
}

namespace SocketGen.BalancingBench
{
    /// <summary>The measured contract: one idempotent unary call.</summary>
    [SocketContract]
    public interface IAdder
    {
        [Idempotent]
        ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);
    }

    public sealed class Adder : IAdder
    {
        public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => new(a + b);
    }
}
