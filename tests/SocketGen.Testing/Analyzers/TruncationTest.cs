using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Testing.Compilation;
using Xunit.Sdk;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// Proves analyzers never throw on half-typed code: runs them over every source cut at every token
/// boundary (the states an editor passes through as code is typed) and fails on any AD0001.
/// </summary>
public static class TruncationTest
{
    /// <summary>
    /// Runs <paramref name="analyzers"/> over every prefix of every source in <paramref name="sources"/>
    /// (markup is removed first) that ends at a token boundary. Returns how many prefixes were analysed.
    /// </summary>
    /// <param name="analyzers">The analyzers that must never throw.</param>
    /// <param name="sources">Test sources, with or without diagnostic markup.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static int AssertNoAnalyzerExceptions(ImmutableArray<DiagnosticAnalyzer> analyzers, IEnumerable<string> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var prefixes = new List<string>();
        foreach (var markup in sources)
        {
            var source = Markup.Strip(markup);
            var boundaries = CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, cancellationToken: cancellationToken)
                .GetRoot(cancellationToken)
                .DescendantTokens()
                .Select(t => t.Span.End)
                .Distinct();
            foreach (var boundary in boundaries)
            {
                prefixes.Add(source[..boundary]);
            }
        }

        // One base compilation: trees are swapped in, so the framework's symbols are bound only once.
        var placeholder = CSharpSyntaxTree.ParseText(string.Empty, TestCompilation.ParseOptions, path: "Test0.cs");
        var baseCompilation = TestCompilation.Create([placeholder]);
        var failures = new ConcurrentQueue<string>();
        Parallel.ForEach(prefixes, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, prefix =>
        {
            var tree = CSharpSyntaxTree.ParseText(prefix, TestCompilation.ParseOptions, path: "Test0.cs", cancellationToken: cancellationToken);
            var compilation = baseCompilation.ReplaceSyntaxTree(placeholder, tree);
            var run = AnalyzerRunner.RunOnTreeAsync(compilation, tree, analyzers, cancellationToken).GetAwaiter().GetResult();
            if (run.HasAnalyzerFailure)
            {
                failures.Enqueue("--- source cut at " + prefix.Length + " characters, ending: '"
                    + prefix[Math.Max(0, prefix.Length - 60)..] + "'" + Environment.NewLine
                    + string.Join(Environment.NewLine, run.Exceptions.Select(e => e.ToString()))
                    + string.Join(Environment.NewLine, run.Diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage())));
            }
        });

        if (!failures.IsEmpty)
        {
            throw new XunitException($"Analyzers threw on {failures.Count} truncated source(s):" + Environment.NewLine + string.Join(Environment.NewLine, failures.Take(5)));
        }

        return prefixes.Count;
    }
}
