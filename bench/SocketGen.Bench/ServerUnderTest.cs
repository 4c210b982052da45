using System.Globalization;

namespace SocketGen.Bench;

/// <summary>A running server process: where it listens, and its CPU time and allocation counters.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly bool _managed;

    private ServerUnderTest(string kind, ChildProcess process, int port, bool managed)
    {
        Kind = kind;
        _process = process;
        Port = port;
        _managed = managed;
    }

    public string Kind { get; }

    public int Port { get; }

    /// <summary>
    /// Starts the native server (<paramref name="nativeFolder"/> set) or re-launches this program as a managed one,
    /// pinned to CPU <paramref name="cpu"/> when it is set.
    /// </summary>
    public static async Task<ServerUnderTest> StartAsync(string kind, string? nativeFolder, int? cpu)
    {
        bool managed = nativeFolder is null;
        ChildProcess process = managed
            ? ChildProcess.StartSelf(["serve", kind], cpu)
            : ChildProcess.Start(Path.Combine(nativeFolder!, "server"), [], cpu);
        try
        {
            string? ready = await process.ReadLineAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The {kind} server did not start: {ready} {process.StandardError}");
            }

            return new ServerUnderTest(kind, process, int.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture), managed);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The server's counters now: CPU time, and bytes allocated (null for the native server, which has no GC).</summary>
    public async Task<(TimeSpan Cpu, long? Allocated)> SampleAsync()
    {
        TimeSpan cpu = _process.CpuTime;
        if (!_managed)
        {
            return (cpu, null);
        }

        await _process.WriteLineAsync("stats").ConfigureAwait(false);
        string? line = await _process.ReadLineAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (line is null || !line.StartsWith("STATS ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The {Kind} server answered '{line}' to stats. {_process.StandardError}");
        }

        return (cpu, long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
    }

    public bool HasExited => _process.HasExited;

    public string StandardError => _process.StandardError;

    public async ValueTask DisposeAsync()
    {
        if (_managed && !_process.HasExited)
        {
            try
            {
                await _process.WriteLineAsync("quit").ConfigureAwait(false);
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or TimeoutException)
            {
                // Killed below.
            }
        }

        _process.Dispose();
    }
}
