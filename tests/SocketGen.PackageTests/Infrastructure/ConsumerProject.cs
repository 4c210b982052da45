using System.Security;

namespace SocketGen.PackageTests.Infrastructure;

/// <summary>What a consumer's <c>dotnet build</c> did: its output, and the compiler inputs it recorded.</summary>
public sealed record ConsumerBuild(
    string ProjectDirectory,
    string PackageId,
    string Version,
    DotNetResult Result,
    IReadOnlyList<string> Analyzers,
    IReadOnlyList<string> References,
    IReadOnlyList<string> GeneratedFiles)
{
    public string Output => Result.Output;

    /// <summary>The folder a package is restored to in this consumer's own package cache.</summary>
    public string PackageFolder(string packageId) =>
        Path.Combine(ProjectDirectory, ConsumerProject.PackagesFolderName, packageId.ToLowerInvariant(), Version);
}

/// <summary>How a consumer project is built: the dotnet command and project properties beyond the defaults.</summary>
/// <param name="Command">The dotnet command and its configuration, such as <c>build -c Debug</c>.</param>
/// <param name="ExtraProperties">MSBuild properties (XML) added to the project's property group.</param>
/// <param name="Timeout">How long the command may take; null for the build default.</param>
public sealed record ConsumerOptions(string Command, string ExtraProperties = "", TimeSpan? Timeout = null)
{
    /// <summary>A Debug build, what most consumer tests need.</summary>
    public static ConsumerOptions Build { get; } = new("build -c Debug");
}

/// <summary>
/// A small consumer project, written to a folder outside the repository, that takes SocketGen
/// through a PackageReference from a local folder feed (plus nuget.org) and restores into its own
/// package cache, so a stale copy of the same version in the user's cache is never used.
/// </summary>
internal static class ConsumerProject
{
    public const string PackagesFolderName = ".nuget-packages";
    public const string ProjectName = "Consumer";
    public const string GeneratedFolderName = "generated";

    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ConsumerBuild> BuildAsync(
        string directory,
        string packageSource,
        string packageId,
        string version,
        IReadOnlyList<ConsumerSource> sources,
        ConsumerOptions? options = null)
    {
        options ??= ConsumerOptions.Build;
        Write(directory, "NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packages-under-test" value="{SecurityElement.Escape(packageSource)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <!-- SocketGen* only from the folder under test, never a same-named package from nuget.org. -->
              <packageSourceMapping>
                <packageSource key="packages-under-test">
                  <package pattern="SocketGen" />
                  <package pattern="SocketGen.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        // Stop MSBuild's upward search: nothing above this folder may shape the consumer.
        Write(directory, "Directory.Build.props", "<Project />");
        Write(directory, "Directory.Packages.props", "<Project />");

        // Records what the compiler really received, after every SDK and package target had its say.
        Write(directory, "Directory.Build.targets", """
            <Project>
              <Target Name="RecordCompilerInputs" AfterTargets="CoreCompile">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/compiler-analyzers.txt" Lines="@(Analyzer)" Overwrite="true" />
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/compiler-references.txt" Lines="@(ReferencePathWithRefAssemblies)" Overwrite="true" />
              </Target>
            </Project>
            """);

        Write(directory, ProjectName + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <CompilerGeneratedFilesOutputPath>{GeneratedFolderName}</CompilerGeneratedFilesOutputPath>
                {options.ExtraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{packageId}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);

        foreach (var source in sources)
        {
            Write(directory, source.FileName, source.Text);
        }

        var result = await DotNetCli.RunAsync(
            directory,
            $"{options.Command} {ProjectName}.csproj {DotNetCli.NoServers}",
            options.Timeout ?? s_buildTimeout,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(directory, PackagesFolderName) });

        var generated = Path.Combine(directory, GeneratedFolderName);
        return new ConsumerBuild(
            directory,
            packageId,
            version,
            result,
            ReadLines(Path.Combine(directory, "compiler-analyzers.txt")),
            ReadLines(Path.Combine(directory, "compiler-references.txt")),
            Directory.Exists(generated) ? Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories) : []);
    }

    private static void Write(string directory, string fileName, string text) =>
        File.WriteAllText(Path.Combine(directory, fileName), text);

    private static IReadOnlyList<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];
}
