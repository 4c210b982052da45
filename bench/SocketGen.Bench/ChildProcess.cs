using System.Diagnostics;

namespace SocketGen.Bench;

/// <summary>
/// A process the harness started (a server or a load driver), spoken to line by line over stdin/stdout.
/// Reads its CPU time from the operating system, so it works the same for native and managed children.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _stderrPump;
    private readonly System.Text.StringBuilder _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        });
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the child wrote to stderr so far, for error messages.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/>; with <paramref name="cpu"/> set, pinned to
    /// that one CPU through <c>taskset</c> (which replaces itself with the program, so the process, its id and
    /// its CPU time are the program's own).
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> args, int? cpu = null)
    {
        if (cpu is { } core)
        {
            args = ["-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), program, .. args];
            program = "taskset";
        }

        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}."));
    }

    /// <summary>Starts this program again in another role (<c>serve ...</c>, <c>drive ...</c>), pinned to <paramref name="cpu"/> when set.</summary>
    public static ChildProcess StartSelf(IEnumerable<string> args, int? cpu = null)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot find its own executable.");
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Run as `dotnet SocketGen.Bench.dll`: the child needs the assembly too.
            return Start(host, [typeof(ChildProcess).Assembly.Location, .. args], cpu);
        }

        return Start(host, args, cpu);
    }

    /// <summary>The CPU time (user + system) the child has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _process.StandardOutput.ReadLineAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The child process said nothing for {timeout.TotalSeconds:0} s. {StandardError}");
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The child process did not exit within {timeout.TotalSeconds:0} s.");
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
