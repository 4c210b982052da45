using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SocketGen.Protocols.Tests.Interop;

/// <summary>A fact that needs a program on PATH (cc, memcached); reported as skipped, with the reason, where it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(string program, string purpose)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = $"Linux only: {purpose}.";
        }
        else if (NativePeer.FindProgram(program) is null)
        {
            Skip = $"'{program}' is not on PATH, so this test cannot {purpose} (.ci/run installs it).";
        }
    }
}

/// <summary>Compiles the C peers in Native/ with cc and runs them, each bounded in time and killed at the end.</summary>
public sealed class NativePeer : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_compileLock = new(1, 1);
    private readonly Process _process;

    private NativePeer(Process process)
    {
        _process = process;
    }

    public Process Process => _process;

    public static string? FindProgram(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Compiles Native/{name}.c once per test run and returns the executable's path.</summary>
    public static async Task<string> CompileAsync(string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Native", name + ".c");
        string output = Path.Combine(Path.GetTempPath(), $"socketgen-protocols-{Environment.ProcessId}", name);
        await s_compileLock.WaitAsync();
        try
        {
            if (File.Exists(output))
            {
                return output;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var (code, stdout, stderr) = await RunToEndAsync("cc", ["-O1", "-Wall", "-o", output, source]);
            Assert.True(code == 0, $"cc failed to compile {name}.c:\n{stdout}{stderr}");
            return output;
        }
        finally
        {
            s_compileLock.Release();
        }
    }

    /// <summary>Starts a long-running peer (a server); it is killed when disposed.</summary>
    public static NativePeer Start(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NativePeer(Process.Start(start)!);
    }

    /// <summary>Waits for the peer to print <paramref name="line"/> on stdout (a server saying it listens).</summary>
    public async Task WaitForLineAsync(string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } read)
        {
            if (read == line)
            {
                return;
            }
        }

        Assert.Fail($"{_process.StartInfo.FileName} exited before printing '{line}': {await _process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Runs a program to its end (at most 60 s) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(string path, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{path} did not finish within 60 s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A loopback TCP or UDP port that was free a moment ago.</summary>
    public static int FreePort(SocketType type = SocketType.Stream)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
