using SocketGen.Analyzers.Tests.Flow;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Harness;

/// <summary>The test setup over Microsoft.CodeAnalysis.Testing: offline references, markup, and that it fails when it should.</summary>
public class AnalyzerHarnessTests
{
    private const string Probing = """
        class C
        {
            static void Probe(int value) { }
            void M()
            {
                int x = 1;
                Probe(x);
            }
        }
        """;

    [Fact]
    public async Task The_running_frameworks_assemblies_are_referenced_without_a_package_feed()
    {
        var references = await OfflineReferenceAssemblies.None.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, CancellationToken.None);
        Assert.Empty(references);
        await new SocketAnalyzerTest(new ConstantFlowAnalyzer())
        {
            TestCode = "class C { System.Net.Sockets.Socket S = new(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp); }",
        }.RunAsync();
    }

    [Fact]
    public Task A_marked_diagnostic_passes()
        => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(Probing.Replace("Probe(x);", "[|Probe(x)|];", StringComparison.Ordinal));

    [Fact]
    public async Task An_unmarked_diagnostic_fails()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(Probing));
        Assert.Contains("Mismatch between number of diagnostics returned", failure.Message, StringComparison.Ordinal);
        Assert.Contains("FLOW01", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_diagnostic_at_another_span_fails()
    {
        var source = Probing.Replace("Probe(x);", "{|FLOW01:Probe|}(x);", StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(source));
    }

    [Fact]
    public async Task A_wrong_message_fails()
    {
        var source = Probing.Replace("Probe(x);", "{|#0:Probe(x)|};", StringComparison.Ordinal);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(
            source, Expected.Diagnostic(ConstantFlowAnalyzer.Id).WithLocation(0).WithArguments("x=2")));
        Assert.Contains("x=2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compiler_error_in_the_test_source_fails()
        => await Assert.ThrowsAnyAsync<Exception>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync("class C { void M() { undefined(); } }"));
}
