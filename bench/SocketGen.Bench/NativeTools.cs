using System.Diagnostics;

namespace SocketGen.Bench;

/// <summary>Builds bench/native (the C server and load driver) with the machine's C compiler.</summary>
internal static class NativeTools
{
    /// <summary>Returns the folder holding the built <c>server</c> and <c>loadgen</c>, or null with a reason.</summary>
    public static string? Build(out string? skipReason)
    {
        skipReason = null;
        string source = Path.Combine(AppContext.BaseDirectory, "native");
        string output = Path.Combine(AppContext.BaseDirectory, "native-bin");
        string? compiler = FindOnPath(Environment.GetEnvironmentVariable("CC") ?? "cc") ?? FindOnPath("gcc") ?? FindOnPath("clang");
        if (compiler is null)
        {
            skipReason = "no C compiler (cc, gcc or clang) on PATH: the native server and the native load driver are skipped";
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            skipReason = "the native server and load driver use epoll and need Linux: skipped";
            return null;
        }

        Directory.CreateDirectory(output);
        foreach (string name in new[] { "server", "loadgen" })
        {
            string error = Compile(compiler, Path.Combine(source, name + ".c"), Path.Combine(output, name));
            if (error.Length > 0)
            {
                skipReason = $"{compiler} could not build bench/native/{name}.c: {error}";
                return null;
            }
        }

        return output;
    }

    private static string Compile(string compiler, string source, string binary)
    {
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-O2", "-pthread", "-o", binary, source })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? string.Empty : stderr.Trim();
    }

    internal static string? FindOnPath(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
