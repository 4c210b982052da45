using System.Diagnostics;

namespace SocketGen.AnalyzerCorpus;

/// <summary>Reads files of one commit straight from a local git directory (bare or not), with no checkout.</summary>
internal sealed class GitSnapshot
{
    private readonly string _gitDirectory;
    private readonly string _commit;

    public GitSnapshot(string gitDirectory, string commit)
    {
        _gitDirectory = gitDirectory;
        _commit = commit;
    }

    /// <summary>True when the git directory holds the commit.</summary>
    public bool HasCommit() => TryRun(["cat-file", "-e", _commit + "^{commit}"], out _);

    /// <summary>Every file path of the commit.</summary>
    public IReadOnlyList<string> Paths()
        => Run(["ls-tree", "-r", "--name-only", "-z", _commit]).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The text of each of <paramref name="paths"/> at the commit, read through one <c>git cat-file --batch</c>.</summary>
    public Dictionary<string, string> Read(IEnumerable<string> paths)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", _gitDirectory, "cat-file", "--batch" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.BaseStream;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            process.StandardInput.Write(_commit + ":" + path + "\n");
            process.StandardInput.Flush();
            var header = ReadLine(output).Split(' ');
            if (header.Length < 3 || header[1] != "blob")
            {
                continue;
            }

            var size = int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture);
            var content = new byte[size];
            output.ReadExactly(content);
            _ = output.ReadByte(); // the newline after the content
            texts[path] = System.Text.Encoding.UTF8.GetString(content);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        return texts;
    }

    private static string ReadLine(Stream stream)
    {
        var line = new List<byte>();
        for (var next = stream.ReadByte(); next is not (-1 or '\n'); next = stream.ReadByte())
        {
            line.Add((byte)next);
        }

        return System.Text.Encoding.UTF8.GetString(line.ToArray());
    }

    private string Run(string[] arguments)
        => TryRun(arguments, out var output) ? output : throw new InvalidOperationException("git " + string.Join(' ', arguments) + " failed in " + _gitDirectory);

    private bool TryRun(string[] arguments, out string output)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(_gitDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = error.Result;
        return process.ExitCode == 0;
    }
}
