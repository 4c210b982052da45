using SocketGen.PackageTests.Infrastructure;

namespace SocketGen.PackageTests;

/// <summary>A consumer of SocketGen.Analyzers alone: plain System.Net.Sockets code, no generated stubs.</summary>
[Collection(PackagesCollection.Name)]
public sealed class AnalyzersPackageConsumerTests(PackedPackages packages)
{
    [Fact]
    public async Task Analyzers_and_code_fixes_reach_the_consumers_compiler()
    {
        var build = await packages.AnalyzersConsumer;

        ConsumerChecks.AssertPackageAnalyzersReachedTheCompiler(build, ConsumerChecks.AnalyzersPackageRoslynAssemblies);
        ConsumerChecks.AssertAnalyzersLoadedCleanly(build);
    }

    [Fact]
    public async Task Consumer_gets_neither_the_generator_nor_the_runtime()
    {
        var build = await packages.AnalyzersConsumer;

        ConsumerChecks.AssertBuildSucceeded(build);
        Assert.DoesNotContain(build.Analyzers, a => Path.GetFileName(a) == ConsumerChecks.GeneratorAssembly);
        Assert.DoesNotContain(build.References, r => Path.GetFileName(r) == "SocketGen.dll");
    }

    [Fact]
    public async Task Build_output_shows_SG1001_for_connect_on_a_listening_socket()
    {
        var build = await packages.AnalyzersConsumer;

        ConsumerChecks.AssertDiagnosticAt(build, "SG1001", ConsumerSources.Misuse, ConsumerSources.Misuse.LineOf("expect SG1001"));
    }
}
