namespace SocketGen.Tests.Activation;

/// <summary>A fact that needs a program on PATH (cc, bash) and Linux; it is reported as skipped, with the reason, where either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(string program, string purpose)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = $"Linux only: {purpose}.";
        }
        else if (ProgramPath.Find(program) is null)
        {
            Skip = $"'{program}' is not on PATH, so this test cannot {purpose}.";
        }
    }
}

/// <summary>Finds programs on PATH, as a shell would.</summary>
public static class ProgramPath
{
    public static string? Find(string program)
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
}
