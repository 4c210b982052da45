using System.Globalization;
using Microsoft.CodeAnalysis;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>Every SG2xxx/SG3xxx rule has its help link, docs page, release entry, and a severity .editorconfig can change.</summary>
public class IoAndNativeRuleMetadataTests
{
    private static readonly string s_repositoryRoot = FindRepositoryRoot();

    private static readonly Dictionary<string, (string Category, DiagnosticSeverity Severity)> s_expected = new()
    {
        ["SG2001"] = ("Reliability", DiagnosticSeverity.Warning),
        ["SG2002"] = ("Reliability", DiagnosticSeverity.Warning),
        ["SG2003"] = ("Reliability", DiagnosticSeverity.Warning),
        ["SG2004"] = ("Usage", DiagnosticSeverity.Error),
        ["SG2005"] = ("Reliability", DiagnosticSeverity.Info),
        ["SG3001"] = ("Interoperability", DiagnosticSeverity.Warning),
        ["SG3002"] = ("Interoperability", DiagnosticSeverity.Warning),
        ["SG3003"] = ("Interoperability", DiagnosticSeverity.Warning),
        ["SG3004"] = ("Interoperability", DiagnosticSeverity.Warning),
        ["SG3005"] = ("Interoperability", DiagnosticSeverity.Warning),
    };

    public static TheoryData<string> RuleIds => new(s_expected.Keys);

    [Fact]
    public void The_analyzers_support_exactly_SG2001_to_SG2005_and_SG3001_to_SG3005()
        => Assert.Equal(
            s_expected.Keys.Order(),
            AllAnalyzers.IoAndNative.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order());

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_links_to_its_docs_page_which_has_bad_code_good_code_and_the_runtime_consequence(string id)
    {
        var descriptor = AllAnalyzers.IoAndNative.SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(s_expected[id].Severity, descriptor.DefaultSeverity);
        Assert.Equal(s_expected[id].Category, descriptor.Category);

        var page = File.ReadAllText(Path.Combine(s_repositoryRoot, "docs", "rules", id + ".md"));
        Assert.Contains("## Bad code", page, StringComparison.Ordinal);
        Assert.Contains("## Good code", page, StringComparison.Ordinal);
        Assert.Contains("## What happens at run time", page, StringComparison.Ordinal);
        Assert.Contains("# " + id + ": " + descriptor.Title.ToString(CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rules_text_is_a_localizable_resource_and_every_fix_names_ids_the_analyzers_report()
    {
        var descriptors = AllAnalyzers.Everything.SelectMany(a => a.SupportedDiagnostics).ToList();
        foreach (var descriptor in descriptors)
        {
            foreach (var text in new[] { descriptor.Title, descriptor.MessageFormat, descriptor.Description })
            {
                Assert.IsType<LocalizableResourceString>(text);
                var shown = text.ToString(CultureInfo.InvariantCulture);
                Assert.False(string.IsNullOrWhiteSpace(shown), descriptor.Id);
                Assert.DoesNotContain(descriptor.Id, shown, StringComparison.Ordinal); // a missing resource shows its name
            }
        }

        var fixes = typeof(SocketGen.CodeFixes.Receive.PartialReceiveCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Assert.NotEmpty(fixes);
        // The wire baseline analyzer runs the generator's parser, so it ships in the generator assembly; its fix is here.
        var fixable = descriptors.Concat(new SocketGen.Generators.Evolution.WireBaselineAnalyzer().SupportedDiagnostics).ToList();
        Assert.All(fixes.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(fixable, d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_has_an_unshipped_release_entry(string id)
    {
        var releases = File.ReadAllLines(Path.Combine(s_repositoryRoot, "analyzers", "SocketGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var (category, severity) = s_expected[id];
        Assert.Contains(releases, line => line.StartsWith($"{id} | {category} | {severity} |", StringComparison.Ordinal));
    }

    [Fact]
    public Task Severity_is_configurable_from_editorconfig()
    {
        var test = new SocketAnalyzerTest([.. AllAnalyzers.IoAndNative])
        {
            TestCode = """
                using System.Net.Sockets;

                class Server
                {
                    void Start(Socket socket, byte[] buffer)
                    {
                        {|#0:socket.Receive(buffer)|};
                        socket.Listen(5);
                        _ = new Socket(SocketType.Dgram, ProtocolType.Tcp);
                    }
                }
                """,
            GlobalConfig = """
                dotnet_diagnostic.SG2001.severity = error
                dotnet_diagnostic.SG2004.severity = none
                dotnet_diagnostic.SG2005.severity = none
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SG2001", DiagnosticSeverity.Error).WithLocation(0));
        return test.RunAsync();
    }

    [Fact]
    public Task Generated_code_is_skipped()
        => new SocketAnalyzerTest([.. AllAnalyzers.IoAndNative])
        {
            TestCode = """
                // <auto-generated/>
                using System.Net.Sockets;
                using System.Threading.Tasks;

                class Generated
                {
                    async Task RunAsync(Socket socket, byte[] buffer)
                    {
                        await Task.Yield();
                        socket.Receive(buffer);
                        socket.Listen(1);
                        _ = new Socket(SocketType.Stream, ProtocolType.Udp);
                    }
                }
                """,
        }.RunAsync();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SocketGen.sln not found above " + AppContext.BaseDirectory);
    }
}
