namespace SocketGen.PackageTests.Infrastructure;

/// <summary>
/// Packs the product once per test run: copies the sources that go into the packages to a temporary
/// folder (so this build never races the <c>dotnet test</c> build of the same solution), writes a
/// solution of every project under src/, generators/ and analyzers/, and runs
/// <c>dotnet pack -c Release -o packages</c> on it, as the README tells a maintainer to.
/// Consumer builds are made lazily and shared, because each costs a restore and a compile.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>What goes into the packages: product code, build logic and the files they import.</summary>
    private static readonly string[] s_sourceDirectories = ["src", "generators", "analyzers", "build"];
    private static readonly string[] s_sourceFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "README.md", ".editorconfig", "docs/package-readme.md"];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(8);

    private readonly Lazy<Task<ConsumerBuild>> _socketGenConsumer;
    private readonly Lazy<Task<ConsumerBuild>> _analyzersConsumer;
    private readonly Lazy<Task<ConsumerBuild>> _fixableConsumer;

    public PackedPackages()
    {
        WorkDirectory = Path.Combine(Path.GetTempPath(), "socketgen-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        _socketGenConsumer = new(() => ConsumerProject.BuildAsync(
            NewDirectory("consumer-socketgen"), PackagesDirectory, "SocketGen", Version, ConsumerSources.ForSocketGenPackage));
        _analyzersConsumer = new(() => ConsumerProject.BuildAsync(
            NewDirectory("consumer-analyzers"), PackagesDirectory, "SocketGen.Analyzers", Version, ConsumerSources.ForAnalyzersPackage));
        _fixableConsumer = new(() => ConsumerProject.BuildAsync(
            NewDirectory("consumer-fixable"), PackagesDirectory, "SocketGen.Analyzers", Version, [ConsumerSources.Fixable, ConsumerSources.AllRulesAsWarnings]));
    }

    /// <summary>The temporary root every file of this run lives under; deleted at the end.</summary>
    public string WorkDirectory { get; }

    /// <summary>The -o folder of the pack: only what dotnet pack wrote.</summary>
    public string PackagesDirectory => Path.Combine(WorkDirectory, "packages");

    /// <summary>The package version, read from the packed SocketGen nuspec.</summary>
    public string Version { get; private set; } = "";

    public string SocketGenPackagePath => Path.Combine(PackagesDirectory, $"SocketGen.{Version}.nupkg");

    public string AnalyzersPackagePath => Path.Combine(PackagesDirectory, $"SocketGen.Analyzers.{Version}.nupkg");

    public DotNetResult PackResult { get; private set; } = null!;

    /// <summary>A consumer project referencing the SocketGen package, built once.</summary>
    public Task<ConsumerBuild> SocketGenConsumer => _socketGenConsumer.Value;

    /// <summary>A consumer project referencing the SocketGen.Analyzers package, built once.</summary>
    public Task<ConsumerBuild> AnalyzersConsumer => _analyzersConsumer.Value;

    /// <summary>A consumer of SocketGen.Analyzers whose code has misuse every code fix repairs, built (and restored) once.</summary>
    public Task<ConsumerBuild> FixableConsumer => _fixableConsumer.Value;

    /// <summary>A new, empty folder under <see cref="WorkDirectory"/>, outside the repository.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(WorkDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Packs the already built sources again, into <paramref name="outputDirectory"/>.</summary>
    public Task<DotNetResult> PackAgainWithoutBuildingAsync(string outputDirectory) =>
        PackAsync($"--no-restore --no-build -o \"{outputDirectory}\"");

    public async Task InitializeAsync()
    {
        try
        {
            CopySources(RepositoryRoot.Find(), SourcesDirectory);
            WritePackSolution(SourcesDirectory);

            PackResult = await PackAsync($"-o \"{PackagesDirectory}\"");
            if (!PackResult.Succeeded)
            {
                throw new InvalidOperationException($"Packing failed.{Environment.NewLine}{PackResult}");
            }

            var socketGen = Directory.GetFiles(PackagesDirectory, "SocketGen.*.nupkg")
                .Select(PackageArchive.Open)
                .Single(p => p.MetadataValue("id") == "SocketGen");
            Version = socketGen.MetadataValue("version")!;
        }
        catch
        {
            // The failure message carries the pack output; the folder is of no further use.
            DeleteWorkDirectory();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        DeleteWorkDirectory();
        return Task.CompletedTask;
    }

    private void DeleteWorkDirectory()
    {
        if (!Directory.Exists(WorkDirectory))
        {
            return;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its build may still hold a file; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string SourcesDirectory => Path.Combine(WorkDirectory, "sources");

    private string SolutionPath => Path.Combine(SourcesDirectory, "Packages.slnx");

    private Task<DotNetResult> PackAsync(string arguments) =>
        DotNetCli.RunAsync(SourcesDirectory, $"pack \"{SolutionPath}\" -c Release {arguments} {DotNetCli.NoServers}", s_packTimeout);

    private static void CopySources(string repository, string destination)
    {
        foreach (var directory in s_sourceDirectories)
        {
            CopyDirectory(Path.Combine(repository, directory), Path.Combine(destination, directory));
        }

        foreach (var file in s_sourceFiles.Where(f => File.Exists(Path.Combine(repository, f))))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, file))!);
            File.Copy(Path.Combine(repository, file), Path.Combine(destination, file));
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        // Build output of the working copy is never an input of the pack.
        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }

    /// <summary>
    /// Every product project goes into the solution, so a project that should not produce a package
    /// but does shows up as an extra package in the layout test.
    /// </summary>
    private static void WritePackSolution(string sources)
    {
        var projects = s_sourceDirectories
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(sources, d), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(sources, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(p => $"  <Project Path=\"{p}\" />");
        File.WriteAllLines(Path.Combine(sources, "Packages.slnx"), ["<Solution>", .. projects, "</Solution>"]);
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackedPackages>
{
    /// <summary>Every test class that needs the packages joins this collection, so the pack runs once.</summary>
    public const string Name = "Packed packages";
}
