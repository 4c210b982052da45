using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Analyzers.Lifecycle;

namespace SocketGen.AnalyzerBenchmarks;

/// <summary>The analyzer sets the benchmarks measure.</summary>
public static class SocketAnalyzers
{
    /// <summary>The lifecycle family (SG1001–SG1008) alone.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Lifecycle() => [new SocketLifecycleAnalyzer()];

    /// <summary>
    /// Every analyzer the SocketGen.Analyzers assembly ships, found the way the compiler finds them (by the
    /// [DiagnosticAnalyzer] attribute), so a new rule family is measured without editing this list.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> All()
        => typeof(SocketLifecycleAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
