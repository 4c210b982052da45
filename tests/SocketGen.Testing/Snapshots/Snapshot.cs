using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace SocketGen.Testing.Snapshots;

/// <summary>
/// Compares text with a baseline file kept beside the test: <c>&lt;name&gt;.verified.cs</c>. On a mismatch
/// it writes <c>&lt;name&gt;.received.cs</c> and fails with a line diff; set <c>SOCKETGEN_ACCEPT=1</c> to
/// accept the new text as the baseline instead. Shaped like Verify so it can be swapped for it later.
/// </summary>
public static class Snapshot
{
    /// <summary>The environment variable that, set to 1, accepts received text as the new baseline.</summary>
    public const string AcceptVariable = "SOCKETGEN_ACCEPT";

    private const int MaxReportedLines = 60;

    /// <summary>
    /// Fails unless <paramref name="actual"/> equals the baseline <paramref name="name"/>.verified.cs in
    /// <paramref name="directory"/> (relative to the calling test file's folder).
    /// </summary>
    public static void Match(string actual, string name, string directory = "Snapshots", [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, directory);
        var verifiedPath = Path.Combine(folder, name + ".verified.cs");
        var receivedPath = Path.Combine(folder, name + ".received.cs");
        var received = Normalize(actual);
        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        var message = new StringBuilder();
        message.AppendLine(verified is null
            ? $"No baseline {verifiedPath}; the received text is in {receivedPath}."
            : $"The text differs from {verifiedPath}; the received text is in {receivedPath}.");
        message.AppendLine($"Review it and set {AcceptVariable}=1 to accept it.");
        message.Append(Diff(verified ?? string.Empty, received));
        throw new XunitException(message.ToString());
    }

    /// <summary>A line diff: <c>-</c> lines only in <paramref name="expected"/>, <c>+</c> lines only in <paramref name="actual"/>.</summary>
    public static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');

        // Longest common subsequence of lines, then walk it to print what was removed and added.
        var lengths = new int[left.Length + 1, right.Length + 1];
        for (var i = left.Length - 1; i >= 0; i--)
        {
            for (var j = right.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = left[i] == right[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        var reported = 0;
        int a = 0, b = 0;
        while ((a < left.Length || b < right.Length) && reported < MaxReportedLines)
        {
            if (a < left.Length && b < right.Length && left[a] == right[b])
            {
                a++;
                b++;
            }
            else if (b < right.Length && (a == left.Length || lengths[a, b + 1] >= lengths[a + 1, b]))
            {
                text.AppendLine($"+ {b + 1,5}: {right[b]}");
                b++;
                reported++;
            }
            else
            {
                text.AppendLine($"- {a + 1,5}: {left[a]}");
                a++;
                reported++;
            }
        }

        if (reported == MaxReportedLines)
        {
            text.AppendLine("... (more differences)");
        }

        return text.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
