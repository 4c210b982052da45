using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Testing.Analyzers;
using Xunit.Sdk;

namespace SocketGen.Analyzers.Tests.Harness;

/// <summary>The harness turns an analyzer exception (AD0001) into a test failure, in analyzer and truncation tests alike.</summary>
public class ThrowingAnalyzerTests
{
    [Fact]
    public async Task An_analyzer_exception_fails_the_analyzer_test()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => new SocketAnalyzerTest(new ThrowsOnInvocations()) { TestCode = "class C { void M() { M(); } }" }.RunAsync());
        Assert.Contains("AD0001", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_analyzer_exception_on_a_truncated_source_fails_the_truncation_test()
    {
        var failure = Assert.Throws<XunitException>(() => TruncationTest.AssertNoAnalyzerExceptions([new ThrowsOnInvocations()], ["class C { void M() { M(); } }"]));
        Assert.Contains("Analyzers threw on", failure.Message, StringComparison.Ordinal);
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowsOnInvocations : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("THROW01", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Invocation);
        }
    }
}
