using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SocketGen.Generators.Diagnostics;
using SocketGen.Testing.Analyzers;
using SocketGen.Testing.Compilation;

namespace SocketGen.Generators.Tests;

/// <summary>
/// A Microsoft.CodeAnalysis.Testing generator test of a contract: the generator runs, the contract analyzer reports
/// the markup's diagnostics, and the generated sources must be exactly <c>TestState.GeneratedSources</c> (none when a
/// contract has an error). References: the running framework and the SocketGen runtime, no package feed.
/// </summary>
internal sealed class ContractDiagnosticTest : CSharpSourceGeneratorTest<SocketContractGenerator, DefaultVerifier>
{
    public ContractDiagnosticTest()
    {
        ReferenceAssemblies = OfflineReferenceAssemblies.None;
        OfflineReferenceAssemblies.AddRunningFramework(TestState);
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
    }

    protected override CompilationOptions CreateCompilationOptions() => TestCompilation.Options;

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [new SocketContractAnalyzer()];
}
