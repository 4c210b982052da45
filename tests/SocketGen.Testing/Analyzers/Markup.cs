using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.Testing.Analyzers;

/// <summary>Test source markup, read by Microsoft.CodeAnalysis.Testing's own parser.</summary>
public static class Markup
{
    /// <summary><paramref name="markup"/> with every <c>[|</c>, <c>{|id:</c>, <c>|]</c> and <c>|}</c> removed.</summary>
    public static string Strip(string markup)
    {
        TestFileMarkupParser.GetSpans(markup, out var source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        return source;
    }
}
