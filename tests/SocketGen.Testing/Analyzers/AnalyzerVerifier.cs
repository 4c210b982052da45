using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketGen.Testing.Analyzers;

/// <summary>Shorthands for testing one analyzer type, as the framework's CSharpAnalyzerVerifier gives them, on <see cref="SocketAnalyzerTest"/>.</summary>
/// <typeparam name="TAnalyzer">The analyzer under test.</typeparam>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>An expected diagnostic of the analyzer's rule <paramref name="id"/>, at its default severity.</summary>
    public static DiagnosticResult Diagnostic(string id)
        => new(new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id));

    /// <summary>Verifies that <paramref name="source"/> yields exactly its markup's diagnostics and <paramref name="expected"/>.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new SocketAnalyzerTest(new TAnalyzer()) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
