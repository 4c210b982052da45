using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SocketGen.PackageTests.Infrastructure;

namespace SocketGen.PackageTests;

/// <summary>Opens each package the pack produced as a zip and checks what is inside and what is not.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageLayoutTests(PackedPackages packages)
{
    private const string RoslynFolder = ConsumerChecks.RoslynFolder + "/";

    private PackageArchive SocketGen => PackageArchive.Open(packages.SocketGenPackagePath);

    private PackageArchive Analyzers => PackageArchive.Open(packages.AnalyzersPackagePath);

    public static TheoryData<string> PackageIds => ["SocketGen", "SocketGen.Analyzers", "SocketGen.Hosting"];

    private PackageArchive Open(string packageId) =>
        PackageArchive.Open(Path.Combine(packages.PackagesDirectory, $"{packageId}.{packages.Version}.nupkg"));

    private PackageArchive OpenSymbols(string packageId) =>
        PackageArchive.Open(Path.Combine(packages.PackagesDirectory, $"{packageId}.{packages.Version}.snupkg"));

    [Fact]
    public void Pack_produces_exactly_SocketGen_SocketGen_Analyzers_and_SocketGen_Hosting_each_with_a_symbol_package()
    {
        var files = Directory.GetFiles(packages.PackagesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                $"SocketGen.{packages.Version}.nupkg",
                $"SocketGen.{packages.Version}.snupkg",
                $"SocketGen.Analyzers.{packages.Version}.nupkg",
                $"SocketGen.Analyzers.{packages.Version}.snupkg",
                $"SocketGen.Hosting.{packages.Version}.nupkg",
                $"SocketGen.Hosting.{packages.Version}.snupkg",
            ],
            files);
    }

    [Fact]
    public async Task Packing_the_same_build_again_gives_byte_identical_packages()
    {
        var again = packages.NewDirectory("packages-again");

        var result = await packages.PackAgainWithoutBuildingAsync(again);

        Assert.True(result.Succeeded, result.ToString());
        var first = Directory.GetFiles(packages.PackagesDirectory).Order(StringComparer.Ordinal).ToList();
        var second = Directory.GetFiles(again).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(first.Select(Path.GetFileName), second.Select(Path.GetFileName));
        Assert.All(first.Zip(second), pair => Assert.True(
            File.ReadAllBytes(pair.First).AsSpan().SequenceEqual(File.ReadAllBytes(pair.Second)),
            $"{Path.GetFileName(pair.First)} differs between two packs of the same build."));
    }

    [Fact]
    public void SocketGen_carries_the_runtime_for_net8_and_net10_with_its_xml_docs()
    {
        Assert.Equal(
            [
                "lib/net10.0/SocketGen.dll",
                "lib/net10.0/SocketGen.xml",
                "lib/net8.0/SocketGen.dll",
                "lib/net8.0/SocketGen.xml",
            ],
            SocketGen.EntriesUnder("lib/"));
    }

    [Fact]
    public void SocketGen_carries_generator_analyzers_and_code_fixes_in_the_roslyn48_folder_only()
    {
        Assert.Equal(
            [
                RoslynFolder + ConsumerChecks.AnalyzerAssembly,
                RoslynFolder + ConsumerChecks.CodeFixAssembly,
                RoslynFolder + ConsumerChecks.GeneratorAssembly,
            ],
            SocketGen.EntriesUnder("analyzers/"));
    }

    [Fact]
    public void SocketGen_Analyzers_carries_analyzers_and_code_fixes_and_nothing_to_reference()
    {
        var analyzers = Analyzers;

        Assert.Equal(
            [RoslynFolder + ConsumerChecks.AnalyzerAssembly, RoslynFolder + ConsumerChecks.CodeFixAssembly],
            analyzers.EntriesUnder("analyzers/"));
        Assert.Empty(analyzers.EntriesUnder("lib/"));
        Assert.Empty(analyzers.EntriesUnder("ref/"));
        Assert.Empty(analyzers.EntriesUnder("build/"));
    }

    [Fact]
    public void SocketGen_Hosting_carries_its_library_only_and_depends_on_SocketGen()
    {
        var hosting = Open("SocketGen.Hosting");

        Assert.Equal(
            [
                "lib/net10.0/SocketGen.Hosting.dll",
                "lib/net10.0/SocketGen.Hosting.xml",
                "lib/net8.0/SocketGen.Hosting.dll",
                "lib/net8.0/SocketGen.Hosting.xml",
            ],
            hosting.EntriesUnder("lib/"));
        Assert.Empty(hosting.EntriesUnder("analyzers/"));
        Assert.Contains("SocketGen", hosting.DependencyIds());
    }

    [Fact]
    public void SocketGen_Analyzers_is_a_development_dependency()
    {
        // A development dependency stays out of the consumer's own package's dependencies.
        Assert.Equal("true", Analyzers.MetadataValue("developmentDependency"));
    }

    [Fact]
    public void SocketGen_is_a_regular_dependency_because_consumers_ship_its_runtime()
    {
        Assert.NotEqual("true", SocketGen.MetadataValue("developmentDependency"));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_carries_the_readme_license_expression_and_repository(string packageId)
    {
        var package = Open(packageId);

        Assert.Equal("README.md", package.MetadataValue("readme"));
        Assert.Contains("README.md", package.Entries);
        var readme = System.Text.Encoding.UTF8.GetString(package.ReadEntry("README.md"));
        Assert.Contains("# SocketGen", readme, StringComparison.Ordinal);

        var license = package.MetadataElement("license");
        Assert.NotNull(license);
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);

        var repository = package.MetadataElement("repository");
        Assert.NotNull(repository);
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(package.MetadataValue("description")));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Symbol_package_holds_a_pdb_beside_every_packaged_dll_and_the_package_holds_none(string packageId)
    {
        var dlls = Open(packageId).Entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal));
        var expectedPdbs = dlls.Select(d => d[..^".dll".Length] + ".pdb").Order(StringComparer.Ordinal).ToList();

        var symbols = OpenSymbols(packageId);
        var pdbs = symbols.Entries.Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expectedPdbs);
        Assert.Equal(expectedPdbs, pdbs);
        Assert.DoesNotContain(Open(packageId).Entries, e => e.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.DoesNotContain(symbols.Entries, e => e.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_does_not_pass_the_compiler_packages_on_to_consumers(string packageId)
    {
        // The Roslyn components run inside the consumer's compiler; a dependency on
        // Microsoft.CodeAnalysis would drag a second compiler into the consumer's restore.
        Assert.DoesNotContain(Open(packageId).DependencyIds(), id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void SocketGen_declares_the_same_single_dependency_for_each_runtime_framework()
    {
        var groups = SocketGen.Metadata.Descendants().Where(e => e.Name.LocalName == "group")
            .ToDictionary(g => (string)g.Attribute("targetFramework")!, g => g.Elements().Select(d => (string)d.Attribute("id")!).ToList());

        // One group per lib/ folder. The engine reads and writes sockets through its own buffers, so the
        // only dependency is the logging abstractions (System.IO.Pipelines is no longer needed on net8.0).
        Assert.Equal(["net10.0", "net8.0"], groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions"], groups["net8.0"]);
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions"], groups["net10.0"]);
    }

    [Theory]
    [InlineData("SocketGen", ConsumerChecks.GeneratorAssembly)]
    [InlineData("SocketGen", ConsumerChecks.AnalyzerAssembly)]
    [InlineData("SocketGen", ConsumerChecks.CodeFixAssembly)]
    [InlineData("SocketGen.Analyzers", ConsumerChecks.AnalyzerAssembly)]
    [InlineData("SocketGen.Analyzers", ConsumerChecks.CodeFixAssembly)]
    public void Roslyn_component_targets_netstandard20_and_a_compiler_no_newer_than_4_8(string packageId, string assembly)
    {
        using var pe = new PEReader(new MemoryStream(Open(packageId).ReadEntry(RoslynFolder + assembly)));
        var metadata = pe.GetMetadataReader();

        Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(metadata));

        // A reference to a newer compiler makes .NET 8 SDK and VS 17.8 hosts refuse the assembly (CS9057).
        var roslynReferences = metadata.AssemblyReferences
            .Select(h => metadata.GetAssemblyReference(h))
            .Where(r => metadata.GetString(r.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.All(roslynReferences, r => Assert.True(
            r.Version <= new Version(4, 8, 0, 0),
            $"{assembly} references {metadata.GetString(r.Name)} {r.Version}, newer than the 4.8 pin."));
    }

    private static string? TargetFramework(MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (metadata.GetString(type.Name) != "TargetFrameworkAttribute")
            {
                continue;
            }

            // Blob: prolog (2 bytes), then the constructor's one string argument.
            var reader = metadata.GetBlobReader(attribute.Value);
            reader.ReadUInt16();
            return reader.ReadSerializedString();
        }

        return null;
    }
}
