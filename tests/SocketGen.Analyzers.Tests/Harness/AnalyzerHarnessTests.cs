using Microsoft.CodeAnalysis.Text;
using SocketGen.Analyzers.Tests.Flow;
using SocketGen.Testing.Analyzers;
using Xunit.Sdk;

namespace SocketGen.Analyzers.Tests.Harness;

/// <summary>The analyzer test harness itself: markup parsing, and that it fails when it should.</summary>
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
    public void Markup_is_removed_and_spans_point_at_the_marked_text()
    {
        var markup = DiagnosticMarkup.Parse("a [|bc|] {|SG1:d{|#0:e|}|} f");
        Assert.Equal("a bc de f", markup.Source);
        Assert.Equal([new MarkedSpan(null, new TextSpan(2, 2)), new MarkedSpan("SG1", new TextSpan(5, 2))], markup.Expected);
        Assert.Equal(new TextSpan(6, 1), markup.Locations[0]);
    }

    [Theory]
    [InlineData("a [|b")]
    [InlineData("a |] b")]
    [InlineData("a {|SG1:b|]")]
    public void Unbalanced_markup_is_rejected(string markup)
        => Assert.Throws<FormatException>(() => DiagnosticMarkup.Parse(markup));

    [Fact]
    public Task A_marked_diagnostic_passes()
        => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(Probing.Replace("Probe(x);", "[|Probe(x)|];", StringComparison.Ordinal));

    [Fact]
    public async Task An_unmarked_diagnostic_fails()
    {
        var failure = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(Probing));
        Assert.Contains("Unexpected: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("{|FLOW01:Probe(x)|}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_diagnostic_at_another_span_fails()
    {
        var source = Probing.Replace("Probe(x);", "{|FLOW01:Probe|}(x);", StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(source));
        Assert.Contains("Missing: FLOW01", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_message_fails()
    {
        var source = Probing.Replace("Probe(x);", "{|#0:Probe(x)|};", StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync(
            source, new DiagnosticResult(ConstantFlowAnalyzer.Id).WithLocation(0).WithArguments("x=2")));
        Assert.Contains("expected 'x=2'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compiler_error_in_the_test_source_fails()
        => await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<ConstantFlowAnalyzer>.VerifyAnalyzerAsync("class C { void M() { undefined(); } }"));
}
