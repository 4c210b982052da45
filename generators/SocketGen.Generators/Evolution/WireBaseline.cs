using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.Generators.Evolution;

/// <summary>
/// The checked-in wire baseline (<c>SocketGen.WireBaseline.txt</c>, an AdditionalFile): one
/// <see cref="WireShapeEntry"/> per line, <c>key = shape</c>; lines starting with <c>#</c> and blank lines are
/// ignored. Reading it is forgiving: a line without <c>" = "</c> or with an unknown shape word is skipped.
/// </summary>
internal sealed class WireBaseline
{
    /// <summary>The file name that opts a project in.</summary>
    public const string FileName = "SocketGen.WireBaseline.txt";

    private WireBaseline(AdditionalText file, SourceText text, Dictionary<string, (WireShapeEntry Entry, int Line)> entries)
    {
        File = file;
        Text = text;
        Entries = entries;
    }

    /// <summary>The additional file.</summary>
    public AdditionalText File { get; }

    /// <summary>Its text.</summary>
    public SourceText Text { get; }

    /// <summary>The entries by key, with the line each is on.</summary>
    public Dictionary<string, (WireShapeEntry Entry, int Line)> Entries { get; }

    /// <summary>The project's baseline, or null when it has none (the project has not opted in).</summary>
    public static WireBaseline? Find(IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
    {
        var file = files.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), FileName, StringComparison.OrdinalIgnoreCase));
        var text = file?.GetText(cancellationToken);
        if (file is null || text is null)
        {
            return null;
        }

        var entries = new Dictionary<string, (WireShapeEntry, int)>(StringComparer.Ordinal);
        foreach (var line in text.Lines)
        {
            var content = line.ToString().Trim();
            var separator = content.IndexOf(" = ", StringComparison.Ordinal);
            if (content.Length == 0 || content[0] == '#' || separator <= 0)
            {
                continue;
            }

            var key = content.Substring(0, separator);
            var shape = content.Substring(separator + 3);
            WireShapeKind? kind = shape.Split(' ')[0] switch
            {
                "method" => WireShapeKind.Method,
                "field" => WireShapeKind.Field,
                "enum" => WireShapeKind.EnumMember,
                _ => null,
            };
            if (kind is not null)
            {
                entries[key] = (new WireShapeEntry(kind.Value, OwnerOf(kind.Value, key), key, shape), line.LineNumber);
            }
        }

        return new WireBaseline(file, text, entries);
    }

    /// <summary>Where line <paramref name="line"/> of the file is, for a diagnostic about a baseline entry with no code left to point at.</summary>
    public Location LocationOf(int line)
    {
        var span = Text.Lines[line].Span;
        return Location.Create(File.Path, span, Text.Lines.GetLinePositionSpan(span));
    }

    /// <summary>The contract, type or enum of a key: everything before the last dot (before the parameter list, for a method).</summary>
    private static string OwnerOf(WireShapeKind kind, string key)
    {
        var end = kind == WireShapeKind.Method && key.IndexOf('(') is var open and >= 0 ? open : key.Length;
        var dot = key.LastIndexOf('.', end - 1);
        return dot < 0 ? key : key.Substring(0, dot);
    }
}
