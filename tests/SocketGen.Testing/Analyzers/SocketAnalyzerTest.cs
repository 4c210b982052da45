using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SocketGen.Testing.Compilation;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// A Microsoft.CodeAnalysis.Testing test of analyzer instances and, optionally, code fixes, in C# with the running
/// framework's assemblies (no network) and the project's usual options (latest language, nullable, unsafe allowed).
/// Without <see cref="CodeFixTest{TVerifier}.FixedCode"/> it verifies the analyzers' diagnostics only; with it, it
/// also applies the fixes one at a time and by Fix All in document, project and solution scope.
/// Markup is the framework's: <c>[|...|]</c>, <c>{|SG1001:...|}</c>, <c>{|#0:...|}</c>.
/// </summary>
public sealed class SocketAnalyzerTest : CodeFixTest<DefaultVerifier>
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    /// <summary>Creates a test of <paramref name="analyzers"/>.</summary>
    public SocketAnalyzerTest(params DiagnosticAnalyzer[] analyzers)
        : this(null, analyzers)
    {
    }

    /// <summary>Creates a test of <paramref name="codeFix"/> over the diagnostics of <paramref name="analyzers"/>.</summary>
    public SocketAnalyzerTest(CodeFixProvider? codeFix, params DiagnosticAnalyzer[] analyzers)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        _analyzers = [.. analyzers];
        if (codeFix is not null)
        {
            CodeFixes.Add(codeFix);
        }

        ReferenceAssemblies = OfflineReferenceAssemblies.None;
        OfflineReferenceAssemblies.AddRunningFramework(TestState);
    }

    /// <summary>The code fixes under test (none: an analyzer-only test).</summary>
    public List<CodeFixProvider> CodeFixes { get; } = [];

    /// <summary>The id <c>[|...|]</c> stands for; unset, the analyzers' only id.</summary>
    public string? RuleUnderTest { get; set; }

    /// <summary>
    /// Global .editorconfig lines (for example <c>dotnet_diagnostic.SG1001.severity = error</c>), applied as the compiler
    /// applies a global config's severities: as the compilation's diagnostic options, which the framework keeps over
    /// its own (it otherwise sets every rule it runs to its default severity).
    /// </summary>
    public string GlobalConfig
    {
        init
        {
            var config = AnalyzerConfig.Parse("is_global = true" + Environment.NewLine + value, "/.globalconfig");

            // The parsed config keys ids in lower case; the framework's options are keyed by the ids as written.
            var severities = AnalyzerConfigSet.Create(ImmutableArray.Create(config)).GlobalConfigOptions.TreeOptions
                .Select(s => KeyValuePair.Create(s.Key.ToUpperInvariant(), s.Value))
                .ToList();
            SolutionTransforms.Add((solution, projectId) =>
            {
                var options = solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItems(severities)));
            });
        }
    }

    /// <inheritdoc />
    public override string Language => LanguageNames.CSharp;

    /// <inheritdoc />
    protected override string DefaultFileExt => "cs";

    /// <inheritdoc />
    public override Type SyntaxKindType => typeof(SyntaxKind);

    /// <inheritdoc />
    protected override CompilationOptions CreateCompilationOptions() => TestCompilation.Options;

    /// <inheritdoc />
    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    /// <inheritdoc />
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

    /// <inheritdoc />
    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => CodeFixes;

    /// <inheritdoc />
    protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers)
    {
        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).ToList();
        return RuleUnderTest is null
            ? supported.Count == 1 ? supported[0] : null
            : supported.Single(d => d.Id == RuleUnderTest);
    }
}
