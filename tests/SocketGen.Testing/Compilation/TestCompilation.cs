using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace SocketGen.Testing.Compilation;

/// <summary>
/// Compiles test sources against the running framework's assemblies, the way a consumer's build
/// would, and turns compiler errors into test failures that quote the offending source line.
/// </summary>
public static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFrameworkReferences);

    /// <summary>Every assembly of the running shared framework, as metadata references.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => s_framework.Value;

    /// <summary>Parse options for test sources: the newest language version, Release-like.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>Compilation options for test sources: a library, nullable enabled, unsafe code allowed, every warning.</summary>
    public static CSharpCompilationOptions Options { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true,
        warningLevel: 9999);

    /// <summary>A reference to the assembly that defines <paramref name="type"/>.</summary>
    public static MetadataReference ReferenceTo(Type type) => MetadataReference.CreateFromFile(type.Assembly.Location);

    /// <summary>Creates a library compilation of <paramref name="sources"/> (file names Test0.cs, Test1.cs, ...).</summary>
    public static CSharpCompilation Create(IEnumerable<string> sources, IEnumerable<MetadataReference>? references = null, string assemblyName = "TestAssembly", bool allowUnsafe = true)
    {
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Test{i}.cs"));
        return Create(trees, references, assemblyName, allowUnsafe);
    }

    /// <summary>Creates a library compilation of already parsed trees.</summary>
    public static CSharpCompilation Create(IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference>? references = null, string assemblyName = "TestAssembly", bool allowUnsafe = true)
    {
        return CSharpCompilation.Create(assemblyName, trees, FrameworkReferences.AddRange(references ?? []), Options.WithAllowUnsafe(allowUnsafe));
    }

    /// <summary>Fails the test if <paramref name="compilation"/> has errors (or warnings, when <paramref name="warningsAreErrors"/>).</summary>
    public static void AssertNoErrors(Microsoft.CodeAnalysis.Compilation compilation, bool warningsAreErrors = false)
        => AssertNoErrors(compilation.GetDiagnostics(), warningsAreErrors);

    /// <summary>Fails the test if <paramref name="diagnostics"/> hold an error (or a warning, when <paramref name="warningsAreErrors"/>).</summary>
    public static void AssertNoErrors(IEnumerable<Diagnostic> diagnostics, bool warningsAreErrors = false)
    {
        var bad = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (warningsAreErrors && d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed))
            .ToList();
        if (bad.Count == 0)
        {
            return;
        }

        throw new XunitException("The compilation has problems:" + Environment.NewLine + Describe(bad));
    }

    /// <summary>Formats diagnostics with the source line each points at, for failure messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            text.AppendLine(diagnostic.ToString());
            var location = diagnostic.Location;
            if (location.IsInSource)
            {
                var line = location.GetLineSpan().StartLinePosition.Line;
                var sourceLine = location.SourceTree!.GetText().Lines[line].ToString();
                text.Append("    ").AppendLine(sourceLine.Trim());
            }
        }

        return text.ToString();
    }

    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        // The host lists the framework's assemblies in TRUSTED_PLATFORM_ASSEMBLIES; compiling against
        // them sees the same API the tests run on.
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return paths
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
