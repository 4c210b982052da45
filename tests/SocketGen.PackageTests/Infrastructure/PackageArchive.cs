using System.IO.Compression;
using System.Xml.Linq;

namespace SocketGen.PackageTests.Infrastructure;

/// <summary>A .nupkg or .snupkg opened as the zip it is: its entry names and its nuspec.</summary>
internal sealed class PackageArchive
{
    private PackageArchive(string path, IReadOnlyList<string> entries, XElement metadata)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>Every file in the package, with '/' separators, OPC bookkeeping included.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public XElement Metadata { get; }

    /// <summary>Files under <paramref name="folder"/> (for example "lib/"), sorted.</summary>
    public IReadOnlyList<string> EntriesUnder(string folder) =>
        Entries.Where(e => e.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The text of a nuspec metadata element, or null when it is absent.</summary>
    public string? MetadataValue(string name) => MetadataElement(name)?.Value;

    public XElement? MetadataElement(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The ids of every dependency the nuspec declares, in any target-framework group.</summary>
    public IReadOnlyList<string> DependencyIds() =>
        Metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();

    public byte[] ReadEntry(string entryName)
    {
        using var zip = ZipFile.OpenRead(Path);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{Path} has no {entryName}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static PackageArchive Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspecEntry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var nuspec = nuspecEntry.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return new PackageArchive(path, entries, metadata);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> without <paramref name="entryName"/>.</summary>
    public static void CopyWithout(string source, string destination, string entryName)
    {
        File.Copy(source, destination, overwrite: true);
        using var zip = ZipFile.Open(destination, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{source} has no {entryName} to remove.");
        entry.Delete();
    }
}
