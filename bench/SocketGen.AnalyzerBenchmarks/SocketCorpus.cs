using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Testing.Analyzers;
using SocketGen.Testing.Compilation;

namespace SocketGen.AnalyzerBenchmarks;

/// <summary>
/// A large corpus of socket code: the idiomatic and the misused corpora of the analyzer tests, copied
/// into distinct namespaces until it reaches the requested size.
/// </summary>
public sealed class SocketCorpus
{
    private SocketCorpus(ImmutableArray<SyntaxTree> trees, int lines)
    {
        Trees = trees;
        Lines = lines;
    }

    /// <summary>The parsed files.</summary>
    public ImmutableArray<SyntaxTree> Trees { get; }

    /// <summary>The number of source lines.</summary>
    public int Lines { get; }

    /// <summary>Builds a corpus of at least <paramref name="minimumLines"/> lines.</summary>
    public static SocketCorpus Create(int minimumLines)
    {
        var sources = IdiomaticSocketCode.All.Concat(MisusedSocketCode.All)
            .Select(entry => Markup.Strip(entry.Value))
            .ToList();
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
        var lines = 0;
        for (var copy = 0; lines < minimumLines; copy++)
        {
            foreach (var source in sources)
            {
                var text = InNamespace(source, $"Corpus.Copy{copy}");
                lines += text.Split('\n').Length;
                trees.Add(CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, path: $"Copy{copy}_{trees.Count}.cs"));
            }
        }

        return new SocketCorpus(trees.ToImmutable(), lines);
    }

    /// <summary>A fresh compilation of the corpus (nothing bound yet).</summary>
    public CSharpCompilation Compile() => TestCompilation.Create(Trees, assemblyName: "SocketCorpus");

    private static string InNamespace(string source, string name)
    {
        var lines = source.Split('\n');
        var usings = lines.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal) || line.Length == 0).ToList();
        var rest = lines.Skip(usings.Count);
        return string.Join('\n', usings) + $"\nnamespace {name}\n{{\n" + string.Join('\n', rest) + "\n}\n";
    }
}
