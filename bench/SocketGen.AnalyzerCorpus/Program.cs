using System.Globalization;
using SocketGen.AnalyzerCorpus;

// dotnet run -c Release --project bench/SocketGen.AnalyzerCorpus -- --repos <folder of local clones> [--analyzers <SocketGen.Analyzers.dll>] [--write <file>]
// See README.md in this folder.
var options = Arguments.Parse(args);
var here = Arguments.SourceFolder();
var repositories = CorpusRepository.ReadAll(Path.Combine(here, "repositories.tsv"));
var judged = JudgedDiagnostic.ReadAll(Path.Combine(here, "judged.tsv"));
var analyzers = AnalyzerAssembly.Load(options.Analyzers);
Console.WriteLine($"analyzers: {options.Analyzers} ({analyzers.Length})");

var reported = new List<CorpusDiagnostic>();
var analysed = new HashSet<string>(StringComparer.Ordinal);
int totalFiles = 0, totalLines = 0;
foreach (var repository in repositories)
{
    var directory = repository.LocateUnder(options.Repositories);
    if (directory is null)
    {
        Console.WriteLine($"{repository.Name}: no local copy with commit {repository.Commit} under {options.Repositories}; skipped");
        continue;
    }

    var found = CorpusCompilation.Analyze(repository, directory, analyzers, out var files, out var lines);
    Console.WriteLine($"{repository.Name} @ {repository.Commit[..12]}: {files} files, {lines} lines, {found.Count} diagnostics");
    analysed.Add(repository.Name);
    totalFiles += files;
    totalLines += lines;
    reported.AddRange(found);
}

Console.WriteLine($"total: {analysed.Count} repositories, {totalFiles} files, {totalLines} lines, {reported.Count} diagnostics");
var comparison = new CorpusComparison(judged.Where(j => analysed.Contains(j.Repository)).ToList(), reported);
comparison.Print(Console.Out);
if (options.Write is not null)
{
    comparison.WriteMerged(options.Write);
    Console.WriteLine($"written: {options.Write} (unjudged diagnostics have verdict '?')");
}

return comparison.Unjudged.Count == 0 && comparison.Missing.Count == 0 ? 0 : 1;

internal sealed record Arguments(string Repositories, string Analyzers, string? Write)
{
    public static Arguments Parse(string[] args)
    {
        string? repositories = null, analyzers = null, write = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--repos": repositories = args[i + 1]; break;
                case "--analyzers": analyzers = args[i + 1]; break;
                case "--write": write = args[i + 1]; break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        if (repositories is null)
        {
            throw new ArgumentException("--repos <folder> is required: the folder holding the local clones (owner+name or owner/name)");
        }

        // The analyzers this tool's build compiled, unless another build is named.
        analyzers ??= Path.Combine(SourceFolder(), "..", "..", "analyzers", "SocketGen.Analyzers", "bin", BuildConfiguration(), "netstandard2.0", "SocketGen.Analyzers.dll");
        return new Arguments(repositories, Path.GetFullPath(analyzers), write);
    }

    /// <summary>This project's source folder, where repositories.tsv and judged.tsv live.</summary>
    public static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    private static string BuildConfiguration()
        => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
}
