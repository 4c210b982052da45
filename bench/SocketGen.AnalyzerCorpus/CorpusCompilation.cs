using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.AnalyzerCorpus;

/// <summary>
/// Compiles a repository the way its projects group it, without building it: every C# file is put in
/// the project of the nearest folder holding a .csproj, and each project that mentions sockets is
/// compiled alone against the running framework's assemblies (package references are missing, so
/// their types are unbound, as in an IDE before restore). The analyzers then run over it as the
/// compiler runs them.
/// </summary>
internal static partial class CorpusCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    // Projects build for current .NET with the SDK's implicit usings in most of these repositories.
    private static readonly CSharpParseOptions s_parse = new(
        LanguageVersion.Latest,
        preprocessorSymbols: ["NET", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NETSTANDARD2_1_OR_GREATER", "RELEASE"]);

    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    [GeneratedRegex(@"\b(Socket|TcpListener|TcpClient|UdpClient)\b")]
    private static partial Regex SocketCode();

    /// <summary>Runs <paramref name="analyzers"/> over the projects of <paramref name="repository"/> and returns the SG diagnostics.</summary>
    public static IReadOnlyList<CorpusDiagnostic> Analyze(CorpusRepository repository, string gitDirectory, ImmutableArray<DiagnosticAnalyzer> analyzers, out int files, out int lines)
    {
        var snapshot = new GitSnapshot(gitDirectory, repository.Commit);
        var paths = snapshot.Paths();
        var projects = paths.Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Select(p => Folder(p)).ToHashSet(StringComparer.Ordinal);
        var sources = paths
            .Where(p => p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Where(p => repository.Folders.Count == 0 || repository.Folders.Any(f => p.StartsWith(f, StringComparison.Ordinal)))
            .ToList();
        var texts = snapshot.Read(sources);
        var diagnostics = new List<CorpusDiagnostic>();
        files = 0;
        lines = 0;
        foreach (var project in sources.GroupBy(p => ProjectOf(p, projects), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = project.Where(texts.ContainsKey).ToList();
            if (!members.Any(p => SocketCode().IsMatch(texts[p])))
            {
                continue;
            }

            var trees = members.Select(p => CSharpSyntaxTree.ParseText(texts[p], s_parse, path: p)).ToList();
            trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, s_parse, path: "<implicit usings>"));
            files += members.Count;
            lines += members.Sum(p => texts[p].Count(c => c == '\n') + 1);
            var compilation = CSharpCompilation.Create(
                "Corpus",
                trees,
                s_framework.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var found = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            foreach (var diagnostic in found.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal) && d.Location.IsInSource))
            {
                var span = diagnostic.Location.GetLineSpan();
                diagnostics.Add(new CorpusDiagnostic(repository.Name, repository.Commit, span.Path, span.StartLinePosition.Line + 1, diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return diagnostics.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Rule, StringComparer.Ordinal).ToList();
    }

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static string ProjectOf(string path, HashSet<string> projects)
    {
        for (var folder = Folder(path); ; folder = Folder(folder))
        {
            if (projects.Contains(folder) || folder.Length == 0)
            {
                return folder;
            }
        }
    }
}
