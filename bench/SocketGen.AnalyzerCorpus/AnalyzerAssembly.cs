using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.AnalyzerCorpus;

/// <summary>
/// The analyzers of one SocketGen.Analyzers.dll, loaded into a load context of their own so that two
/// builds of the same assembly (this branch's and another's) can be compared with one tool. Roslyn itself
/// comes from the tool, as a compiler host provides it.
/// </summary>
internal sealed class AnalyzerAssembly : AssemblyLoadContext
{
    private readonly string _directory;

    private AnalyzerAssembly(string path)
        : base("SocketGen.Analyzers " + path, isCollectible: false)
        => _directory = Path.GetDirectoryName(path)!;

    /// <summary>Every analyzer in the assembly at <paramref name="path"/> (types marked [DiagnosticAnalyzer]).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Load(string path)
    {
        var context = new AnalyzerAssembly(Path.GetFullPath(path));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Roslyn and the framework are shared with the host; anything else beside the analyzer loads here.
        if (assemblyName.Name is null || assemblyName.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
        {
            return null;
        }

        var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
