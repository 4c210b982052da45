using Microsoft.CodeAnalysis.Testing;
using SocketGen.Analyzers.Tests.Flow;
using SocketGen.Analyzers.Tests.IoAndNative;

namespace SocketGen.Analyzers.Tests;

/// <summary>Expected diagnostics by rule id, made from the rule's own descriptor (so at its default severity).</summary>
internal static class Expected
{
    public static DiagnosticResult Diagnostic(string id)
        => new(AllAnalyzers.Everything.Add(new ConstantFlowAnalyzer()).SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id));
}
