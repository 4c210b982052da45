namespace SocketGen.AnalyzerCorpus;

/// <summary>
/// One line of repositories.tsv: a public repository, the commit judged, and optionally the folders
/// (path prefixes) to analyse; without them every project with socket code is analysed.
/// </summary>
internal sealed record CorpusRepository(string Name, string Commit, IReadOnlyList<string> Folders)
{
    public static IReadOnlyList<CorpusRepository> ReadAll(string path)
        => File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(cells => new CorpusRepository(
                cells[0],
                cells[1],
                cells.Length > 2 ? cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : []))
            .ToList();

    /// <summary>
    /// The local git directory of the repository under <paramref name="root"/>: <c>root/owner+name</c> or
    /// <c>root/owner/name</c>, either one holding the git directory itself or a clone in <c>repo/</c>.
    /// </summary>
    public string? LocateUnder(string root)
    {
        var owner = Name.Split('/')[0];
        var repository = Name.Split('/')[1];
        foreach (var candidate in new[] { Path.Combine(root, owner + "+" + repository), Path.Combine(root, owner, repository) })
        {
            foreach (var directory in new[] { Path.Combine(candidate, "repo"), candidate })
            {
                if (Directory.Exists(directory) && new GitSnapshot(directory, Commit).HasCommit())
                {
                    return directory;
                }
            }
        }

        return null;
    }
}
