using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.Testing.Analyzers;

/// <summary>A span marked in test source, with the diagnostic id it expects (null: the rule under test).</summary>
/// <param name="Id">The expected diagnostic id, or null for <c>[|...|]</c>.</param>
/// <param name="Span">The marked span in the source with the markup removed.</param>
public readonly record struct MarkedSpan(string? Id, TextSpan Span);

/// <summary>
/// Test source with diagnostic markup, shaped like Microsoft.CodeAnalysis.Testing's:
/// <c>[|span|]</c> expects the rule under test at exactly that span, <c>{|SG1001:span|}</c> expects that id,
/// and <c>{|#0:span|}</c> only names a location that an expected diagnostic can refer to
/// (<see cref="DiagnosticResult.WithLocation(int)"/>). Markup nests.
/// </summary>
public sealed class DiagnosticMarkup
{
    private DiagnosticMarkup(string source, IReadOnlyList<MarkedSpan> expected, IReadOnlyDictionary<int, TextSpan> locations)
    {
        Source = source;
        Expected = expected;
        Locations = locations;
    }

    /// <summary>The source with every markup token removed.</summary>
    public string Source { get; }

    /// <summary>The diagnostics the markup expects, in source order of their start.</summary>
    public IReadOnlyList<MarkedSpan> Expected { get; }

    /// <summary>The numbered locations (<c>{|#n:...|}</c>).</summary>
    public IReadOnlyDictionary<int, TextSpan> Locations { get; }

    /// <summary>Parses <paramref name="markup"/>; throws <see cref="FormatException"/> on unbalanced markup.</summary>
    public static DiagnosticMarkup Parse(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var text = new StringBuilder(markup.Length);
        var expected = new List<MarkedSpan>();
        var locations = new Dictionary<int, TextSpan>();
        var open = new Stack<(char Kind, string? Label, int Start)>();

        for (var i = 0; i < markup.Length; i++)
        {
            if (Follows(markup, i, "[|"))
            {
                open.Push(('[', null, text.Length));
                i++;
            }
            else if (Follows(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"'{{|' at offset {i} has no ':' after its label.");
                }

                open.Push(('{', markup.Substring(i + 2, colon - i - 2), text.Length));
                i = colon;
            }
            else if (Follows(markup, i, "|]") || Follows(markup, i, "|}"))
            {
                var kind = markup[i + 1] == ']' ? '[' : '{';
                if (open.Count == 0 || open.Peek().Kind != kind)
                {
                    throw new FormatException($"'{markup.Substring(i, 2)}' at offset {i} closes nothing.");
                }

                var (_, label, start) = open.Pop();
                var span = TextSpan.FromBounds(start, text.Length);
                if (label is null)
                {
                    expected.Add(new MarkedSpan(null, span));
                }
                else if (label.StartsWith('#'))
                {
                    locations.Add(int.Parse(label.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture), span);
                }
                else
                {
                    expected.Add(new MarkedSpan(label, span));
                }

                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count != 0)
        {
            throw new FormatException($"{open.Count} markup span(s) are not closed.");
        }

        expected.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return new DiagnosticMarkup(text.ToString(), expected, locations);
    }

    /// <summary>Renders <paramref name="source"/> with the given spans marked as <c>{|ID:...|}</c>, for failure messages.</summary>
    public static string Render(string source, IEnumerable<(string Id, TextSpan Span)> spans)
    {
        ArgumentNullException.ThrowIfNull(source);
        var inserts = new List<(int Position, int Order, string Text)>();
        foreach (var (id, span) in spans)
        {
            inserts.Add((span.Start, 1, "{|" + id + ":"));
            inserts.Add((span.End, 0, "|}"));
        }

        var text = new StringBuilder(source);
        foreach (var insert in inserts.OrderByDescending(x => x.Position).ThenByDescending(x => x.Order))
        {
            text.Insert(insert.Position, insert.Text);
        }

        return text.ToString();
    }

    private static bool Follows(string text, int index, string token)
        => index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
