using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace SocketGen.Tests.Faults;

/// <summary>The fault-sweep server process (<see cref="FaultServerChild"/>) as the test sees it: its port, the executions it reported, and signals.</summary>
internal sealed class FaultServerProcess : IAsyncDisposable
{
    private const int SigStop = 19;
    private const int SigCont = 18;
    private const int NoSuchProcess = 3;

    private readonly Process _process;
    private readonly ConcurrentQueue<int> _runs = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _ran = new(0);

    private FaultServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The values of the DelayAsync calls the server started executing, in the order it reported them.</summary>
    public int[] Runs => _runs.ToArray();

    /// <summary>Starts a server on 127.0.0.1 at a free port, or at <paramref name="address"/> and <paramref name="port"/>.</summary>
    public static async Task<FaultServerProcess> StartAsync(IPAddress? address = null, int port = 0)
    {
        string testAssembly = typeof(FaultServerChild).Assembly.Location;
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(testAssembly);
        start.ArgumentList.Add(FaultServerChild.Command);
        start.ArgumentList.Add((address ?? IPAddress.Loopback).ToString());
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var server = new FaultServerProcess(Process.Start(start)!);
        int listening = await server._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
        server.EndPoint = new IPEndPoint(address ?? IPAddress.Loopback, listening);
        return server;
    }

    /// <summary>Waits until the server has reported at least <paramref name="count"/> executions.</summary>
    public async Task WaitForRunsAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (_runs.Count < count)
        {
            await _ran.WaitAsync(deadline.Token);
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Freeze() => Signal(SigStop);

    public void Thaw() => Signal(SigCont);

    /// <summary>Asks for a graceful stop and waits for the process to say it stopped and exit.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync();
        await _stopped.Task.WaitAsync(timeout);
        using var exit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(exit.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Thaw();
            _process.Kill(entireProcessTree: true);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
        _ran.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("listening ", StringComparison.Ordinal))
        {
            _port.TrySetResult(int.Parse(line.AsSpan("listening ".Length), System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith("ran ", StringComparison.Ordinal))
        {
            _runs.Enqueue(int.Parse(line.AsSpan("ran ".Length), System.Globalization.CultureInfo.InvariantCulture));
            _ran.Release();
        }
        else if (line == "stopped")
        {
            _stopped.TrySetResult();
        }
    }

    private void Signal(int signal)
    {
        // ESRCH: the process is already gone (killed, not yet seen as exited here); nothing to signal.
        if (!_process.HasExited && SendSignal(_process.Id, signal) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
