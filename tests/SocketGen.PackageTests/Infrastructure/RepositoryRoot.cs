namespace SocketGen.PackageTests.Infrastructure;

/// <summary>Finds the repository the tests were built from, by walking up to SocketGen.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SocketGen.sln above {AppContext.BaseDirectory}.");
    }
}
