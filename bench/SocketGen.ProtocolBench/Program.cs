using System.Globalization;
using System.Net;
using System.Text;
using Memcached.Server;
using SocketGen.Bench;
using SocketGen.ProtocolBench;
using SocketGen.ProtocolBench.Allocation;
using SocketGen.ProtocolBench.Clients;
using SocketGen.ProtocolBench.Memcslap;

// Issue 16's benchmarks, from the repository root:
//   dotnet run -c Release --project bench/SocketGen.ProtocolBench
// Options: --rounds N (3), --execute-number N (memcslap requests per thread, 10000), --concurrency N (memcslap
// threads, 4), --requests N (client requests per measurement, 100000), --out DIR (bench/results).
if (args is ["serve-memcached", var servePort])
{
    await using var server = MemcachedServer.Start(new IPEndPoint(IPAddress.Loopback, int.Parse(servePort, CultureInfo.InvariantCulture)));
    Console.WriteLine($"listening on {server.LocalEndPoint}");
    await Console.In.ReadLineAsync(); // the harness closes stdin (or kills this process) to stop it
    return 0;
}

var options = BenchOptions.Parse(args);
if (NativeTools.FindOnPath("memcached") is null || NativeTools.FindOnPath("memcslap") is null)
{
    Console.Error.WriteLine("memcached and memcslap are needed (Debian: apt-get install memcached libmemcached-tools).");
    return 2;
}

var report = new StringBuilder();
string loadBefore = MachineInfo.LoadAverage();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {MachineInfo.Describe()}. Load average before: {loadBefore}.");
Console.WriteLine(report);

int memcachedPort = Servers.FreePort();
int samplePort = Servers.FreePort();
using var memcached = await Servers.StartMemcachedAsync(memcachedPort);
using var sample = await Servers.StartSampleAsync(samplePort);
var memcachedEndPoint = new IPEndPoint(IPAddress.Loopback, memcachedPort);

// 1. memcslap against the sample and against memcached, interleaved, the order swapped every round.
var memcslap = new RatioTable("memcslap", "samples/Memcached ÷ memcached (ops/s)");
for (int round = 0; round < options.Rounds; round++)
{
    foreach (bool binary in new[] { false, true })
    {
        foreach (string test in new[] { "set", "get" })
        {
            string row = $"{test} {(binary ? "binary" : "ascii")}, {options.Concurrency} threads × {options.ExecuteNumber}";
            double ours = 0, theirs = 0;
            foreach (bool sampleFirst in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                double opsPerSecond = await MemcslapRun.OperationsPerSecondAsync(sampleFirst ? samplePort : memcachedPort, test, binary, options.Concurrency, options.ExecuteNumber);
                (sampleFirst ? ref ours : ref theirs) = opsPerSecond;
            }

            memcslap.Add(row, ours, theirs);
            Console.WriteLine($"round {round + 1} memcslap {row}: sample {ours:N0}/s, memcached {theirs:N0}/s");
        }
    }
}

// 2. The generated binary client and the hand-written one against memcached, interleaved.
var clients = new RatioTable("client", "generated ÷ hand-written (requests/s)");
var clientCpu = new RatioTable("client CPU", "generated ÷ hand-written (client CPU per request)");
for (int round = 0; round < options.Rounds; round++)
{
    foreach (string operation in new[] { "get", "set" })
    {
        foreach (int depth in new[] { 1, 16 })
        {
            string row = $"{operation}, {depth} in flight, {options.Requests:N0} requests";
            ClientFigures generated = default, handWritten = default;
            foreach (bool generatedFirst in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                if (generatedFirst)
                {
                    generated = await ClientComparison.MeasureGeneratedAsync(memcachedEndPoint, operation, depth, options.Requests);
                }
                else
                {
                    handWritten = await ClientComparison.MeasureHandWrittenAsync(memcachedEndPoint, operation, depth, options.Requests);
                }
            }

            clients.Add(row, generated.RequestsPerSecond, handWritten.RequestsPerSecond);
            clientCpu.Add(row, generated.CpuMicrosecondsPerRequest, handWritten.CpuMicrosecondsPerRequest);
            Console.WriteLine($"round {round + 1} client {row}: generated {generated.RequestsPerSecond:N0}/s {generated.CpuMicrosecondsPerRequest:N1} µs CPU, hand-written {handWritten.RequestsPerSecond:N0}/s {handWritten.CpuMicrosecondsPerRequest:N1} µs CPU");
        }
    }
}

// 3. Bytes allocated per get and set of fixed-size binary messages.
var codecs = AllocationCheck.MeasureCodecs(1_000_000);
var client = await AllocationCheck.MeasureClientAsync(memcachedEndPoint, options.Requests);

string loadAfter = MachineInfo.LoadAverage();
report.AppendLine(CultureInfo.InvariantCulture, $"Load average after: {loadAfter}. {options.Rounds} rounds; each ratio is paired within a round; median (min–max) over the rounds.");
report.AppendLine();
memcslap.AppendTo(report);
clients.AppendTo(report);
clientCpu.AppendTo(report);
report.AppendLine("| fixed-size binary messages (8-byte key and value, struct layouts) | bytes allocated per get | per set |");
report.AppendLine("| --- | ---: | ---: |");
report.AppendLine(CultureInfo.InvariantCulture, $"| generated codecs (write request, measure and read it, write reply, measure and read it; 1,000,000 each) | {codecs.PerGet:0.##} | {codecs.PerSet:0.##} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| generated client round trip against memcached ({options.Requests:N0} each, one in flight, whole process) | {client.PerGet:0.##} | {client.PerSet:0.##} |");

Console.WriteLine();
Console.WriteLine(report);
Directory.CreateDirectory(options.OutputDirectory);
string resultsFile = Path.Combine(options.OutputDirectory, "protocols.md");
await File.WriteAllTextAsync(resultsFile, report.ToString());
Console.WriteLine($"Written to {resultsFile}.");
return 0;
