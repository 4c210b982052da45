using SocketGen.PackageTests.Infrastructure;

namespace SocketGen.PackageTests;

/// <summary>
/// A project outside the repository takes the SocketGen package through one PackageReference and
/// builds with the real compiler: the proof that generator and analyzers run there, not only in
/// test harnesses. Each test checks one thing the package must give that build.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class SocketGenConsumerTests(PackedPackages packages)
{
    [Fact]
    public async Task Consumer_builds_against_the_package()
    {
        ConsumerChecks.AssertBuildSucceeded(await packages.SocketGenConsumer);
    }

    [Fact]
    public async Task Generator_analyzers_and_code_fixes_reach_the_consumers_compiler()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertPackageAnalyzersReachedTheCompiler(build, ConsumerChecks.SocketGenRoslynAssemblies);
    }

    [Fact]
    public async Task Consumers_compiler_loads_the_packaged_assemblies_without_errors()
    {
        ConsumerChecks.AssertAnalyzersLoadedCleanly(await packages.SocketGenConsumer);
    }

    [Fact]
    public async Task Consumer_compiles_against_the_net10_runtime_assembly()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertBuildSucceeded(build);
        var expected = Path.Combine(build.PackageFolder("SocketGen"), "lib", "net10.0", "SocketGen.dll");
        Assert.Contains(Path.GetFullPath(expected), build.References.Select(Path.GetFullPath));
    }

    [Fact]
    public async Task Generator_writes_the_client_and_server_of_a_SocketContract_interface()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertBuildSucceeded(build);
        var generatorOutput = build.GeneratedFiles
            .Where(f => f.Replace('\\', '/').Contains("/SocketGen.Generators/", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        Assert.Contains(generatorOutput, text => text.Contains("class GreeterClient", StringComparison.Ordinal));
        Assert.Contains(generatorOutput, text => text.Contains("class GreeterServer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consumer_code_calling_the_generated_client_and_server_compiles()
    {
        var build = await ConsumerProject.BuildAsync(
            packages.NewDirectory("consumer-generated-usage"),
            packages.PackagesDirectory,
            "SocketGen",
            packages.Version,
            [ConsumerSources.Contract, ConsumerSources.GeneratedCodeUsage]);

        ConsumerChecks.AssertBuildSucceeded(build);
    }

    [Fact]
    public async Task Build_output_shows_SG1001_for_connect_on_a_listening_socket()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertDiagnosticAt(build, "SG1001", ConsumerSources.Misuse, ConsumerSources.Misuse.LineOf("expect SG1001"));
    }

    [Fact]
    public async Task Build_output_shows_SG2001_for_an_ignored_receive_count()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertDiagnosticAt(build, "SG2001", ConsumerSources.Misuse, ConsumerSources.Misuse.LineOf("expect SG2001"));
    }

    [Fact]
    public async Task Build_output_shows_SG3001_for_an_unset_native_address_length()
    {
        var build = await packages.SocketGenConsumer;

        ConsumerChecks.AssertDiagnosticAt(build, "SG3001", ConsumerSources.Misuse, ConsumerSources.Misuse.LineOf("expect SG3001"));
    }
}
