using System.Diagnostics;
using System.Globalization;

namespace SocketGen.Bench.Driving;

/// <summary>
/// <c>drive &lt;client&gt;</c>: a client under test as a load driver (SocketGen's generated client, or a peer's own
/// client). Same pattern and same output as bench/native/loadgen.c (MEASURING, DONE, RESULT {json}):
/// --connections connections, each with --depth calls kept in flight by as many loops awaiting one call at a time.
/// </summary>
internal static class ClientDriver
{
    private const int Measuring = 1;
    private const int Stopping = 2;

    private static int s_phase;

    public static async Task<int> RunAsync(string client, IReadOnlyList<string> args)
    {
        LoadOptions options = LoadOptions.Parse(args);
        var clients = new IBenchConnection[options.Connections];
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i] = await BenchClients.ConnectAsync(client, options.Port).ConfigureAwait(false);

            // One call before the load starts, so a client that cannot talk to its server fails here, plainly
            // (and every stack has its connection open before the warm-up begins).
            if (await clients[i].AddAsync(2, 3).ConfigureAwait(false) != 5)
            {
                throw new InvalidOperationException($"The {client} client got a wrong sum from its server.");
            }
        }

        byte[] data = new byte[options.Payload];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 31) + 7);
        }

        bool echo = options.Method == "echo";
        var workers = new Worker[options.Connections * options.Depth];
        var tasks = new Task[workers.Length];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(clients[i % clients.Length], echo, data);
            tasks[i] = Task.Run(workers[i].RunAsync);
        }

        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds)).ConfigureAwait(false);
        Volatile.Write(ref s_phase, Measuring);
        long start = Stopwatch.GetTimestamp();
        using var self = Process.GetCurrentProcess();
        TimeSpan cpuStart = self.TotalProcessorTime;
        Console.Out.WriteLine("MEASURING");
        Console.Out.Flush();
        await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds)).ConfigureAwait(false);
        Volatile.Write(ref s_phase, Stopping);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        self.Refresh();
        double cpuSeconds = (self.TotalProcessorTime - cpuStart).TotalSeconds;
        Console.Out.WriteLine("DONE");
        Console.Out.Flush();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        foreach (IBenchConnection connection in clients)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        long errors = workers.Sum(w => w.Errors);
        long[] samples = new long[workers.Sum(w => w.Count)];
        int offset = 0;
        foreach (Worker worker in workers)
        {
            Array.Copy(worker.Samples, 0, samples, offset, worker.Count);
            offset += worker.Count;
        }

        Array.Sort(samples);
        double Percentile(double p) => samples.Length == 0 ? 0 : samples[Math.Min(samples.Length - 1, (int)(p * samples.Length))] * 1e6 / Stopwatch.Frequency;
        FormattableString result = $"RESULT {{\"requests\":{samples.Length},\"seconds\":{seconds:F6},\"rps\":{samples.Length / seconds:F1},\"p50_us\":{Percentile(0.5):F2},\"p99_us\":{Percentile(0.99):F2},\"p999_us\":{Percentile(0.999):F2},\"max_us\":{Percentile(1):F2},\"cpu_s\":{cpuSeconds:F4},\"errors\":{errors},\"connections\":{options.Connections},\"depth\":{options.Depth}}}";
        Console.Out.WriteLine(result.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();
        return errors == 0 ? 0 : 3;
    }

    /// <summary>One call in flight, over and over; records latencies only while measuring.</summary>
    private sealed class Worker(IBenchConnection client, bool echo, byte[] data)
    {
        public long[] Samples { get; private set; } = new long[1024];

        public int Count { get; private set; }

        public long Errors { get; private set; }

        public async Task RunAsync()
        {
            int sequence = 0;
            while (Volatile.Read(ref s_phase) != Stopping)
            {
                long started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    if (echo)
                    {
                        ok = await client.EchoAsync(data).ConfigureAwait(false) == data.Length;
                    }
                    else
                    {
                        sequence++;
                        ok = await client.AddAsync(sequence, 7).ConfigureAwait(false) == sequence + 7;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Each stack fails a call its own way (SocketGenException, RpcException, RemoteInvocationException...):
                    // count it as an error and go on, as the native driver does.
                    ok = false;
                }

                long elapsed = Stopwatch.GetTimestamp() - started;
                if (!ok)
                {
                    Errors++;
                }
                else if (Volatile.Read(ref s_phase) == Measuring)
                {
                    if (Count == Samples.Length)
                    {
                        long[] larger = new long[Samples.Length * 2];
                        Samples.CopyTo(larger, 0);
                        Samples = larger;
                    }

                    Samples[Count++] = elapsed;
                }
            }
        }
    }
}
