using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace SocketGen.PackageTests.Infrastructure;

/// <summary>Assertions about a consumer build, shared by the tests that expect them to hold and to fail.</summary>
internal static class ConsumerChecks
{
    public const string RoslynFolder = "analyzers/dotnet/roslyn4.8/cs";
    public const string GeneratorAssembly = "SocketGen.Generators.dll";
    public const string AnalyzerAssembly = "SocketGen.Analyzers.dll";
    public const string CodeFixAssembly = "SocketGen.CodeFixes.dll";

    /// <summary>The Roslyn assemblies the SocketGen package must put into a consumer's compilation.</summary>
    public static readonly string[] SocketGenRoslynAssemblies = [GeneratorAssembly, AnalyzerAssembly, CodeFixAssembly];

    /// <summary>Those of the SocketGen.Analyzers package: no generator, it serves code without contracts.</summary>
    public static readonly string[] AnalyzersPackageRoslynAssemblies = [AnalyzerAssembly, CodeFixAssembly];

    public static void AssertBuildSucceeded(ConsumerBuild build)
    {
        if (!build.Result.Succeeded)
        {
            throw new XunitException($"The consumer build failed.{Environment.NewLine}{build.Result}");
        }
    }

    /// <summary>
    /// Every assembly in <paramref name="expected"/> reached the compiler as an analyzer, from the
    /// roslyn4.8 folder of the package this consumer references.
    /// </summary>
    public static void AssertPackageAnalyzersReachedTheCompiler(ConsumerBuild build, IEnumerable<string> expected)
    {
        AssertBuildSucceeded(build);
        var folder = Normalize(Path.Combine(build.PackageFolder(build.PackageId), RoslynFolder));
        var missing = expected
            .Where(dll => !build.Analyzers.Any(a => Normalize(a).Equals(folder + "/" + dll, StringComparison.Ordinal)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new XunitException(
                $"Missing from the compiler's analyzers: {string.Join(", ", missing)} (expected in {folder}).{Environment.NewLine}" +
                $"Analyzers passed to the compiler:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", build.Analyzers)}");
        }
    }

    /// <summary>The compiler loaded every analyzer assembly: no CS8032/CS8033 (cannot load or create),
    /// no CS9057 (built against a newer compiler), no AD0001 (an analyzer threw).</summary>
    public static void AssertAnalyzersLoadedCleanly(ConsumerBuild build)
    {
        AssertBuildSucceeded(build);
        var problems = Regex.Matches(build.Output, @"^.*\b(CS8032|CS8033|CS9057|AD0001)\b.*$", RegexOptions.Multiline);
        if (problems.Count > 0)
        {
            throw new XunitException("The compiler reported analyzer load problems:" + Environment.NewLine +
                string.Join(Environment.NewLine, problems.Select(m => m.Value.Trim())));
        }
    }

    /// <summary>The build output has diagnostic <paramref name="id"/> as a warning or error at <paramref name="line"/> of <paramref name="source"/>.</summary>
    public static void AssertDiagnosticAt(ConsumerBuild build, string id, ConsumerSource source, int line)
    {
        var pattern = $@"{Regex.Escape(source.FileName)}\({line},\d+\): (warning|error) {Regex.Escape(id)}:";
        if (!Regex.IsMatch(build.Output, pattern))
        {
            throw new XunitException($"Expected {id} at {source.FileName} line {line} in the build output:{Environment.NewLine}{build.Output}");
        }
    }

    private static string Normalize(string path) => Path.GetFullPath(path).Replace('\\', '/');
}
