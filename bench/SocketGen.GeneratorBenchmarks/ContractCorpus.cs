using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Testing.Compilation;

namespace SocketGen.GeneratorBenchmarks;

/// <summary>
/// A synthetic project with a given number of contract methods: shared message records, the contracts,
/// and one unrelated file whose method body the incremental benchmarks edit. Methods cycle through a
/// realistic mix of shapes: scalars, strings, byte arrays, records with lists and nullables, void results,
/// cancellation tokens, one-way calls and streams.
/// </summary>
public sealed class ContractCorpus
{
    /// <summary>The unrelated file as first written.</summary>
    public const string UnrelatedSource = """
        namespace Bench.App;

        public static class Startup
        {
            public static int Configure(int workers)
            {
                return workers + 1;
            }
        }
        """;

    /// <summary>The unrelated file after the edit: a different method body, nothing else.</summary>
    public const string EditedUnrelatedSource = """
        namespace Bench.App;

        public static class Startup
        {
            public static int Configure(int workers)
            {
                return workers * 2;
            }
        }
        """;

    private const string Models = """
        using System;
        using System.Collections.Generic;

        namespace Bench.Models;

        public enum Priority { Low, Normal, High }

        public sealed record Customer(int Id, string Name, string? Email);

        public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

        public sealed record Order(long Id, Customer Customer, IReadOnlyList<OrderLine> Lines, Priority Priority, DateTimeOffset PlacedAt, string? Note);

        public sealed record Attachment(string FileName, byte[] Content, Dictionary<string, string> Headers);

        public readonly record struct Range(int Offset, int Count);
        """;

    private static readonly string[] s_methodShapes =
    [
        "ValueTask<int> Add{0}Async(int a, int b, CancellationToken cancellationToken = default);",
        "Task<string> Echo{0}Async(string text);",
        "Task<byte[]> Read{0}Async(string path, Range range, CancellationToken cancellationToken = default);",
        "Task<Order?> GetOrder{0}Async(long id, CancellationToken cancellationToken = default);",
        "Task Save{0}Async(Order order, CancellationToken cancellationToken = default);",
        "Task<Customer[]> FindCustomers{0}Async(string? namePrefix, int limit);",
        "ValueTask<bool> Upload{0}Async(Attachment attachment);",
        "[OneWay] ValueTask Log{0}Async(string line, Priority priority);",
        "IAsyncEnumerable<OrderLine> Lines{0}Async(long orderId, CancellationToken cancellationToken = default);",
        "Task<List<int>?> Counts{0}Async(int[] ids, int? maximum);",
    ];

    private ContractCorpus(int methods, ContractLayout layout, int contracts, CSharpCompilation compilation, SyntaxTree unrelated, SyntaxTree editedUnrelated)
    {
        Methods = methods;
        Layout = layout;
        Contracts = contracts;
        Compilation = compilation;
        Unrelated = unrelated;
        EditedUnrelated = editedUnrelated;
    }

    /// <summary>The number of contract methods.</summary>
    public int Methods { get; }

    /// <summary>How the methods are spread over contracts.</summary>
    public ContractLayout Layout { get; }

    /// <summary>The number of contracts.</summary>
    public int Contracts { get; }

    /// <summary>The project before the edit (nothing bound yet; every use should start from <see cref="Fresh"/>).</summary>
    public CSharpCompilation Compilation { get; }

    /// <summary>The unrelated file in <see cref="Compilation"/>.</summary>
    public SyntaxTree Unrelated { get; }

    /// <summary>The unrelated file after the edit, parsed (the IDE parses an edited file before any generator runs).</summary>
    public SyntaxTree EditedUnrelated { get; }

    /// <summary>The runtime library every compilation references.</summary>
    public static MetadataReference Runtime { get; } = TestCompilation.ReferenceTo(typeof(SocketServer));

    /// <summary>Builds a project of <paramref name="methods"/> contract methods laid out as <paramref name="layout"/> says.</summary>
    public static ContractCorpus Create(int methods, ContractLayout layout)
    {
        var perContract = layout == ContractLayout.TenPerContract ? 10 : methods;
        var sources = new List<(string Path, string Text)> { ("Models.cs", Models) };
        var contracts = 0;
        for (var first = 0; first < methods; first += perContract)
        {
            var count = Math.Min(perContract, methods - first);
            sources.Add(($"Contracts/IService{contracts}.cs", Contract(contracts, first, count)));
            contracts++;
        }

        sources.Add(("App/Startup.cs", UnrelatedSource));
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, TestCompilation.ParseOptions, s.Path)).ToList();
        var compilation = TestCompilation.Create(trees, [Runtime], assemblyName: "GeneratorBenchmarkProject");
        var edited = CSharpSyntaxTree.ParseText(EditedUnrelatedSource, TestCompilation.ParseOptions, "App/Startup.cs");
        return new ContractCorpus(methods, layout, contracts, compilation, trees[^1], edited);
    }

    /// <summary>
    /// A new compilation of the same trees, with nothing bound: what a build hands the generator, and
    /// what the IDE has after an edit (it never reuses a compilation's symbols across edits).
    /// </summary>
    public CSharpCompilation Fresh() => Compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(Compilation.SyntaxTrees);

    private static string Contract(int index, int firstMethod, int count)
    {
        var text = new StringBuilder();
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using System.Threading;");
        text.AppendLine("using System.Threading.Tasks;");
        text.AppendLine("using Bench.Models;");
        text.AppendLine("using SocketGen;");
        text.AppendLine();
        text.AppendLine("namespace Bench.Contracts;");
        text.AppendLine();
        text.AppendLine("/// <summary>A service of the benchmark project.</summary>");
        text.AppendLine("[SocketContract]");
        text.Append("public interface IService").Append(index.ToString(CultureInfo.InvariantCulture)).AppendLine();
        text.AppendLine("{");
        for (var method = firstMethod; method < firstMethod + count; method++)
        {
            var shape = s_methodShapes[method % s_methodShapes.Length];
            text.Append("    ").AppendLine(string.Format(CultureInfo.InvariantCulture, shape, method));
        }

        text.AppendLine("}");
        return text.ToString();
    }
}
