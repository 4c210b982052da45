using Microsoft.CodeAnalysis.Testing;
using SocketGen.CodeFixes.Evolution;
using SocketGen.Generators.Evolution;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Generators.Tests.Evolution;

/// <summary>
/// SG5001–SG5009: the wire baseline analyzer against a baseline of <see cref="Contract"/>, for every kind of
/// breaking edit, for additive and wire-neutral edits (not reported), and the fix that records new shapes.
/// </summary>
public sealed class WireBaselineTests
{
    private const string Header = """
        # SocketGen wire baseline: reviewed like a public API file.

        """;

    private const string Contract = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Kv;

        public enum Color { Red, Green = 5 }

        public sealed record Entry(string Key, int Version, Color Color);

        [SocketContract]
        public interface {|#0:IKvStore|}
        {
            Task<Entry?> GetAsync(string key);

            Task PutAsync(Entry entry);

            Task<List<int>> VersionsAsync(string key);
        }
        """;

    // What the fix writes for Contract into an empty baseline (Fix_records_every_shape_in_the_baseline proves it).
    private const string Baseline = Header + """
        Kv.Color.Green = enum 5
        Kv.Color.Red = enum 0
        Kv.Entry.Color = field 2 enum Kv.Color as int32
        Kv.Entry.Key = field 0 string
        Kv.Entry.Version = field 1 int32
        Kv.IKvStore.GetAsync(string) = method 676968674 unary class Kv.Entry
        Kv.IKvStore.PutAsync(Kv.Entry) = method 1951676552 unary void
        Kv.IKvStore.VersionsAsync(string) = method 1312057936 unary list<int32>

        """;

    private static SocketAnalyzerTest Test(string code, string baseline, params DiagnosticResult[] expected)
    {
        var test = new SocketAnalyzerTest(new WireBaselineAnalyzer()) { TestCode = code };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        test.TestState.AdditionalFiles.Add((WireBaseline.FileName, baseline));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private static Task VerifyEditAsync(string from, string to, params DiagnosticResult[] expected)
    {
        Assert.Contains(from, Contract, StringComparison.Ordinal);
        return Test(Contract.Replace(from, to, StringComparison.Ordinal), Baseline, expected).RunAsync();
    }

    private static DiagnosticResult At(string id, params object[] arguments) => Diagnostic(id).WithLocation(0).WithArguments(arguments);

    private static DiagnosticResult Diagnostic(string id) => new(WireBaselineDescriptors.All.Single(d => d.Id == id));

    [Fact]
    public Task A_contract_that_matches_its_baseline_has_no_diagnostics()
        => Test(Contract, Baseline).RunAsync();

    [Fact]
    public Task A_project_without_a_baseline_file_has_no_diagnostics()
    {
        var test = new SocketAnalyzerTest(new WireBaselineAnalyzer()) { TestCode = Contract };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_records_every_shape_in_the_baseline()
        => FixTest(
            Contract,
            Header,
            Baseline,
            At("SG5001", "Kv.Color.Green", "enum 5"),
            At("SG5001", "Kv.Color.Red", "enum 0"),
            At("SG5001", "Kv.Entry.Color", "field 2 enum Kv.Color as int32"),
            At("SG5001", "Kv.Entry.Key", "field 0 string"),
            At("SG5001", "Kv.Entry.Version", "field 1 int32"),
            At("SG5001", "Kv.IKvStore.GetAsync(string)", "method 676968674 unary class Kv.Entry"),
            At("SG5001", "Kv.IKvStore.PutAsync(Kv.Entry)", "method 1951676552 unary void"),
            At("SG5001", "Kv.IKvStore.VersionsAsync(string)", "method 1312057936 unary list<int32>")).RunAsync();

    [Fact]
    public Task Fix_adds_a_new_method_among_the_recorded_lines_in_order()
        => FixTest(
            Contract.Replace("Task PutAsync(Entry entry);", "Task PutAsync(Entry entry);\n\n    Task<int> CountAsync();", StringComparison.Ordinal),
            Baseline,
            Baseline.Replace("Kv.IKvStore.GetAsync(string)", "Kv.IKvStore.CountAsync() = method 2371311600 unary int32\nKv.IKvStore.GetAsync(string)", StringComparison.Ordinal),
            At("SG5001", "Kv.IKvStore.CountAsync()", "method 2371311600 unary int32")).RunAsync();

    /// <summary>The fix one diagnostic at a time and under Fix All (document, project, solution) must turn <paramref name="baseline"/> into <paramref name="fixedBaseline"/>.</summary>
    private static SocketAnalyzerTest FixTest(string code, string baseline, string fixedBaseline, params DiagnosticResult[] expected)
    {
        var test = new SocketAnalyzerTest(new WireBaselineCodeFix(), new WireBaselineAnalyzer()) { TestCode = code };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        test.TestState.AdditionalFiles.Add((WireBaseline.FileName, baseline));
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.AdditionalFiles.Add((WireBaseline.FileName, fixedBaseline));
        return test;
    }

    [Fact]
    public Task Additive_edits_are_only_suggested_for_the_baseline()
        => VerifyEditAsync(
            "public enum Color { Red, Green = 5 }\n\npublic sealed record Entry(string Key, int Version, Color Color);",
            "public enum Color { Red, Green = 5, Blue = 7 }\n\npublic sealed record Entry(string Key, int Version, Color Color, string? Owner = null);",
            At("SG5001", "Kv.Color.Blue", "enum 7"),
            At("SG5001", "Kv.Entry.Owner", "field 3 string"));

    [Fact]
    public Task Edits_that_keep_the_bytes_the_same_are_not_reported()
        => VerifyEditAsync(
            "public sealed record Entry(string Key, int Version, Color Color);\n\n[SocketContract]\npublic interface {|#0:IKvStore|}\n{\n    Task<Entry?> GetAsync(string key);",
            "public sealed record Entry(string? Key, int Version, Color Color);\n\n[SocketContract]\npublic interface {|#0:IKvStore|}\n{\n    Task<Entry> GetAsync(string key);");

    [Fact]
    public Task SG5002_a_removed_method_is_reported()
        => VerifyEditAsync(
            "    Task<List<int>> VersionsAsync(string key);\n",
            string.Empty,
            At("SG5002", "Kv.IKvStore.VersionsAsync(string)", "1312057936"));

    [Fact]
    public Task SG5002_a_method_whose_parameters_changed_is_reported_as_removed()
        => VerifyEditAsync(
            "Task<List<int>> VersionsAsync(string key);",
            "Task<List<int>> VersionsAsync(string key, int limit);",
            At("SG5001", "Kv.IKvStore.VersionsAsync(string, int)", "method 2127042717 unary list<int32>"),
            At("SG5002", "Kv.IKvStore.VersionsAsync(string)", "1312057936"));

    [Fact]
    public Task SG5010_a_removed_contract_is_reported_on_its_first_baseline_line()
        => Test(
            Contract.Replace("[SocketContract]\n", string.Empty, StringComparison.Ordinal).Replace("{|#0:IKvStore|}", "IKvStore", StringComparison.Ordinal),
            Baseline,
            Diagnostic("SG5010").WithSpan(WireBaseline.FileName, 7, 1, 7, 69).WithArguments("Kv.IKvStore", 3)).RunAsync();

    [Fact]
    public Task SG5003_a_method_id_set_by_hand_is_reported()
        => VerifyEditAsync(
            "Task<Entry?> GetAsync(string key);",
            "[Method(Id = 42)]\n    Task<Entry?> GetAsync(string key);",
            At("SG5003", "Kv.IKvStore.GetAsync(string)", "42", "676968674"));

    [Fact]
    public Task SG5004_a_method_made_one_way_is_reported_with_its_new_id()
        => VerifyEditAsync(
            "Task PutAsync(Entry entry);",
            "[OneWay]\n    Task PutAsync(Entry entry);",
            At("SG5003", "Kv.IKvStore.PutAsync(Kv.Entry)", "3895391595", "1951676552"),
            At("SG5004", "Kv.IKvStore.PutAsync(Kv.Entry)", "oneway void", "unary void"));

    [Fact]
    public Task SG5004_a_result_retyped_under_a_fixed_id_is_reported()
        => VerifyEditAsync(
            "Task<List<int>> VersionsAsync(string key);",
            "[Method(Id = 1312057936)]\n    Task<List<long>> VersionsAsync(string key);",
            At("SG5004", "Kv.IKvStore.VersionsAsync(string)", "unary list<int64>", "unary list<int32>"));

    [Fact]
    public Task SG5005_a_removed_field_is_reported_and_the_field_after_it_moved()
        => VerifyEditAsync(
            "Entry(string Key, int Version, Color Color)",
            "Entry(string Key, Color Color)",
            At("SG5005", "Kv.Entry.Version"),
            At("SG5006", "Kv.Entry.Color", "1", "2"));

    [Fact]
    public Task SG5006_a_field_inserted_in_the_middle_moves_the_fields_after_it()
        => VerifyEditAsync(
            "Entry(string Key, int Version, Color Color)",
            "Entry(string Key, string Owner, int Version, Color Color)",
            At("SG5001", "Kv.Entry.Owner", "field 1 string"),
            At("SG5006", "Kv.Entry.Version", "2", "1"),
            At("SG5006", "Kv.Entry.Color", "3", "2"));

    [Fact]
    public Task SG5007_a_retyped_field_is_reported()
        => VerifyEditAsync(
            "Entry(string Key, int Version, Color Color)",
            "Entry(string Key, long Version, Color Color)",
            At("SG5007", "Kv.Entry.Version", "int64", "int32"));

    [Fact]
    public Task SG5008_a_renumbered_enum_member_is_reported()
        => VerifyEditAsync(
            "Green = 5",
            "Green = 6",
            At("SG5008", "Kv.Color.Green", "6", "5"));

    [Fact]
    public Task SG5009_a_removed_enum_member_is_reported()
        => VerifyEditAsync(
            "{ Red, Green = 5 }",
            "{ Red }",
            At("SG5009", "Kv.Color.Green", "5"));

    [Fact]
    public void Every_rule_has_a_docs_page_and_a_release_entry()
    {
        var root = RepositoryRoot();
        var releases = File.ReadAllText(Path.Combine(root, "generators", "SocketGen.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in WireBaselineDescriptors.All)
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "rules", descriptor.Id + ".md")), descriptor.Id);
            Assert.EndsWith("docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + " | SocketGen.Evolution", releases, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string callerFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "..", ".."));
}
