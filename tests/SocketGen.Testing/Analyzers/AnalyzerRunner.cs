using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.Testing.Analyzers;

/// <summary>What running analyzers over a compilation produced.</summary>
/// <param name="Diagnostics">The analyzer diagnostics (AD0001 included), sorted by file and position.</param>
/// <param name="Exceptions">Exceptions the analyzers threw (each also surfaces as AD0001).</param>
public sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)
{
    /// <summary>True when an analyzer threw.</summary>
    public bool HasAnalyzerFailure => Exceptions.Count > 0 || Diagnostics.Any(d => d.Id == "AD0001");
}

/// <summary>Runs analyzers over a compilation the way the compiler does: concurrently, with exceptions caught and recorded.</summary>
public static class AnalyzerRunner
{
    /// <summary>Runs <paramref name="analyzers"/> over <paramref name="compilation"/>.</summary>
    public static async Task<AnalyzerRun> RunAsync(Microsoft.CodeAnalysis.Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var sorted = diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        return new AnalyzerRun(sorted, exceptions.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="analyzers"/> over one tree only (syntax and semantic actions), without the
    /// compiler's own diagnostics for the whole compilation: cheaper, for tests that run thousands of times.
    /// </summary>
    public static async Task<AnalyzerRun> RunOnTreeAsync(Microsoft.CodeAnalysis.Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, cancellationToken).ConfigureAwait(false);
        return new AnalyzerRun(syntax.AddRange(semantic), exceptions.ToArray());
    }
}
