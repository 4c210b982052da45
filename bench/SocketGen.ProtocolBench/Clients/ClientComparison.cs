using System.Diagnostics;
using System.Net;
using Memcached.Binary;
using SocketGen.Protocols;

namespace SocketGen.ProtocolBench.Clients;

/// <summary>
/// The generated memcached binary client and the hand-written one, driven the same way against the same memcached:
/// <c>depth</c> loops share one connection, each making one request at a time, so <c>depth</c> requests are in
/// flight (pipelined). Each measurement is a fixed number of requests; the figures are requests per second and this
/// process's CPU time per request (the server, memcached, runs in its own process).
/// </summary>
internal static class ClientComparison
{
    private static readonly byte[] Key = "bench:key:0001"u8.ToArray();
    private static readonly byte[] Value = new byte[32];

    public static async Task<ClientFigures> MeasureGeneratedAsync(IPEndPoint memcached, string operation, int depth, int requests)
    {
        await using var client = await MemcachedBinary.ConnectAsync(memcached);
        int opaque = 0;
        Check(await client.RequestAsync(new BinaryRequest { Opcode = Opcode.Set, Key = Key, Value = Value, Extras = new StorageExtras() })); // what the gets find
        Func<ValueTask> request = operation == "get"
            ? async () => Check(await client.RequestAsync(new BinaryRequest { Opcode = Opcode.Get, Key = Key, Opaque = (uint)Interlocked.Increment(ref opaque) }).ConfigureAwait(false))
            : async () => Check(await client.RequestAsync(new BinaryRequest { Opcode = Opcode.Set, Key = Key, Value = Value, Extras = new StorageExtras(), Opaque = (uint)Interlocked.Increment(ref opaque) }).ConfigureAwait(false));
        return await DriveAsync(request, depth, requests);
    }

    public static async Task<ClientFigures> MeasureHandWrittenAsync(IPEndPoint memcached, string operation, int depth, int requests)
    {
        await using var client = await HandWrittenBinaryClient.ConnectAsync(memcached);
        Check(await client.SetAsync(Key, Value, flags: 0));
        Func<ValueTask> request = operation == "get"
            ? async () => Check(await client.GetAsync(Key).ConfigureAwait(false))
            : async () => Check(await client.SetAsync(Key, Value, flags: 0).ConfigureAwait(false));
        return await DriveAsync(request, depth, requests);
    }

    private static async Task<ClientFigures> DriveAsync(Func<ValueTask> request, int depth, int requests)
    {
        // Warm up: a tenth of the requests, not counted.
        await RunLoopsAsync(request, depth, Math.Max(depth, requests / 10));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RunLoopsAsync(request, depth, requests);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new ClientFigures(requests / clock.Elapsed.TotalSeconds, cpu.TotalMicroseconds / requests);
    }

    private static Task RunLoopsAsync(Func<ValueTask> request, int depth, int requests)
    {
        var loops = new Task[depth];
        for (int i = 0; i < depth; i++)
        {
            int share = requests / depth + (i < requests % depth ? 1 : 0);
            loops[i] = Task.Run(async () =>
            {
                for (int n = 0; n < share; n++)
                {
                    await request().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(loops);
    }

    private static void Check(BinaryResponse response)
    {
        if (response.Status != ResponseStatus.Success)
        {
            throw new InvalidOperationException($"memcached answered {response.Opcode} with {response.Status}.");
        }
    }

    private static void Check(HandWrittenResponse response)
    {
        if (response.Status != 0)
        {
            throw new InvalidOperationException($"memcached answered with status {response.Status}.");
        }
    }
}

/// <summary>One client's figures: requests per second and this process's CPU microseconds per request.</summary>
internal readonly record struct ClientFigures(double RequestsPerSecond, double CpuMicrosecondsPerRequest);
