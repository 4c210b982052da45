using System.Diagnostics;
using System.Text;

namespace SocketGen.PackageTests.Infrastructure;

/// <summary>The outcome of one dotnet command: its exit code and everything it printed.</summary>
public sealed record DotNetResult(string Arguments, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"dotnet {Arguments} exited with {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs the dotnet CLI as a child process, bounded in time, with no build servers left behind
/// (-nodeReuse:false, no shared compilation) and no MSBuild settings inherited from the
/// <c>dotnet test</c> that runs these tests.
/// </summary>
internal static class DotNetCli
{
    /// <summary>Arguments every child build takes: no node reuse, no compiler server, plain console log.</summary>
    public const string NoServers = "-nodeReuse:false -p:UseSharedCompilation=false -tl:off";

    public static Task<DotNetResult> RunAsync(string workingDirectory, string arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunProgramAsync(DotNetExecutable(), workingDirectory, arguments, timeout, environment);

    /// <summary>Runs <paramref name="program"/> (a dotnet CLI, or a program a build produced) the same bounded way.</summary>
    public static async Task<DotNetResult> RunProgramAsync(string program, string workingDirectory, string arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host runs under MSBuild's environment (MSBuildExtensionsPath, MSBUILD_EXE_PATH, ...);
        // a child build must find its own SDK, as it would from a user's shell.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{Path.GetFileName(program)} {arguments} did not finish within {timeout}:{Environment.NewLine}{Snapshot(output)}");
        }

        // WaitForExitAsync returns after the redirected streams reached end of file.
        return new DotNetResult(arguments, process.ExitCode, Snapshot(output));
    }

    private static string DotNetExecutable()
    {
        // The SDK tells child processes which dotnet started it; fall back to the one on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
