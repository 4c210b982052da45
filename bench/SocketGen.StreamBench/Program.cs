using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SocketGen;
using SocketGen.StreamBench;

// Byte streams against NetworkStream.CopyToAsync of the same bytes over loopback, both directions, and items/s of
// client and bidirectional streams of ints, in one run: rounds alternate the two sides so both see the same load.
// Usage: dotnet run -c Release --project bench/SocketGen.StreamBench -- [--full] [--rounds N]
bool full = args.Contains("--full");
int rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
long bytes = full ? 1L << 30 : 128L << 20;
int items = full ? 2_000_000 : 300_000;

await using SocketServer server = await TransferServer.StartAsync(new Transfer(), new IPEndPoint(IPAddress.Loopback, 0));
await using TransferClient client = await TransferClient.ConnectAsync(server.LocalEndPoint);
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
listener.Listen();

var ratios = new Dictionary<string, List<double>>();
void Ratio(string name, double value) => (ratios.TryGetValue(name, out var list) ? list : ratios[name] = []).Add(value);
Console.WriteLine($"{bytes >> 20} MiB per transfer, {items:N0} items per stream, {rounds} rounds");
for (int round = 1; round <= rounds; round++)
{
    double rawUp = await TimeAsync(() => RawAsync(listener, bytes, upload: true));
    double sgUp = await TimeAsync(async () => { long n = await client.UploadAsync(new ZeroStream(bytes)); if (n != bytes) throw new InvalidOperationException(); });
    double rawDown = await TimeAsync(() => RawAsync(listener, bytes, upload: false));
    double sgDown = await TimeAsync(async () => { await using Stream s = await client.DownloadAsync(bytes); await s.CopyToAsync(Stream.Null); });
    Ratio("upload MB/s, SocketGen / NetworkStream", rawUp / sgUp);
    Ratio("download MB/s, SocketGen / NetworkStream", rawDown / sgDown);
    Console.WriteLine($"round {round}: upload {Mbps(bytes, sgUp):F0} vs {Mbps(bytes, rawUp):F0} MB/s, download {Mbps(bytes, sgDown):F0} vs {Mbps(bytes, rawDown):F0} MB/s");

    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    double clientStream = await TimeAsync(async () => { long sum = await client.SumAsync(Ints(items)); if (sum != (long)items * (items + 1) / 2) throw new InvalidOperationException(); });
    double perItemClient = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)items;
    allocated = GC.GetTotalAllocatedBytes(precise: true);
    double duplex = await TimeAsync(async () => { int n = 0; await foreach (int _ in client.EchoAsync(Ints(items))) { n++; } if (n != items) throw new InvalidOperationException(); });
    double perItemDuplex = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)items;
    Console.WriteLine($"round {round}: client stream {items / clientStream:N0} items/s ({perItemClient:F1} B/item, client and server together), bidirectional {items / duplex:N0} items/s each way ({perItemDuplex:F1} B/item)");
}

foreach ((string name, List<double> values) in ratios)
{
    values.Sort();
    Console.WriteLine($"{name}: median {values[values.Count / 2]:F2}x (min {values[0]:F2}x, max {values[^1]:F2}x)");
}

static double Mbps(long bytes, double seconds) => bytes / seconds / 1e6;

static async Task<double> TimeAsync(Func<Task> run)
{
    var watch = Stopwatch.StartNew();
    await run();
    return watch.Elapsed.TotalSeconds;
}

static async Task RawAsync(Socket listener, long bytes, bool upload)
{
    using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    Task<Socket> accept = listener.AcceptAsync();
    await client.ConnectAsync(listener.LocalEndPoint!);
    using Socket accepted = await accept;
    await using var sender = new NetworkStream(upload ? client : accepted);
    await using var receiver = new NetworkStream(upload ? accepted : client);
    Task receive = receiver.CopyToAsync(Stream.Null);
    await new ZeroStream(bytes).CopyToAsync(sender);
    (upload ? client : accepted).Shutdown(SocketShutdown.Send);
    await receive;
}

static async IAsyncEnumerable<int> Ints(int count)
{
    for (int i = 1; i <= count; i++)
    {
        yield return i;
    }

    await Task.CompletedTask;
}
