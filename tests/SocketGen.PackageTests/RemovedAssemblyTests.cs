using SocketGen.PackageTests.Infrastructure;
using Xunit.Sdk;

namespace SocketGen.PackageTests;

/// <summary>
/// The consumer checks are only worth something if they fail when the package is broken: each test
/// repacks SocketGen without one Roslyn assembly, builds a consumer from it, and expects the check
/// that passes on the real package to fail, naming the missing assembly.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class RemovedAssemblyTests(PackedPackages packages)
{
    [Theory]
    [InlineData(ConsumerChecks.GeneratorAssembly)]
    [InlineData(ConsumerChecks.AnalyzerAssembly)]
    public async Task Consumer_check_fails_when_the_assembly_is_removed_from_the_package(string assembly)
    {
        var feed = packages.NewDirectory("feed-without-" + Path.GetFileNameWithoutExtension(assembly));
        PackageArchive.CopyWithout(
            packages.SocketGenPackagePath,
            Path.Combine(feed, Path.GetFileName(packages.SocketGenPackagePath)),
            ConsumerChecks.RoslynFolder + "/" + assembly);

        var build = await ConsumerProject.BuildAsync(
            packages.NewDirectory("consumer-without-" + Path.GetFileNameWithoutExtension(assembly)),
            feed,
            "SocketGen",
            packages.Version,
            ConsumerSources.ForSocketGenPackage);

        // The broken package still builds; only the check can tell.
        ConsumerChecks.AssertBuildSucceeded(build);
        var failure = Assert.ThrowsAny<XunitException>(
            () => ConsumerChecks.AssertPackageAnalyzersReachedTheCompiler(build, ConsumerChecks.SocketGenRoslynAssemblies));
        Assert.Contains($"Missing from the compiler's analyzers: {assembly} ", failure.Message, StringComparison.Ordinal);
    }
}
