using Microsoft.CodeAnalysis;
using SocketGen.Analyzers.Lifecycle;
using SocketGen.Testing.Analyzers;
using static SocketGen.Analyzers.Tests.Lifecycle.LifecycleTest;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>Every lifecycle rule has its help link, docs page, release entry, and a severity .editorconfig can change.</summary>
public class RuleMetadataTests
{
    private static readonly string s_repositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> RuleIds => new(new SocketLifecycleAnalyzer().SupportedDiagnostics.Select(d => d.Id));

    [Fact]
    public void The_analyzer_supports_exactly_SG1001_to_SG1008()
        => Assert.Equal(
            ["SG1001", "SG1002", "SG1003", "SG1004", "SG1005", "SG1006", "SG1007", "SG1008"],
            new SocketLifecycleAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order());

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_links_to_its_docs_page_which_has_bad_code_good_code_and_the_runtime_consequence(string id)
    {
        var descriptor = new SocketLifecycleAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);

        var page = File.ReadAllText(Path.Combine(s_repositoryRoot, "docs", "rules", id + ".md"));
        Assert.Contains("## Bad code", page, StringComparison.Ordinal);
        Assert.Contains("## Good code", page, StringComparison.Ordinal);
        Assert.Contains("## What happens at run time", page, StringComparison.Ordinal);
        Assert.Contains(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_has_an_unshipped_release_entry(string id)
    {
        var releases = File.ReadAllLines(Path.Combine(s_repositoryRoot, "analyzers", "SocketGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(releases, line => line.StartsWith(id + " | Reliability | Warning |", StringComparison.Ordinal));
    }

    [Fact]
    public Task Severity_is_configurable_from_editorconfig()
    {
        var test = new SocketAnalyzerTest(new SocketLifecycleAnalyzer())
        {
            TestCode = Body("""
                        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        {|#0:listener.Listen()|};
                        listener.Dispose();
                        listener.Dispose();
                        listener.Send(buffer);
                """),
            GlobalConfig = """
                dotnet_diagnostic.SG1002.severity = error
                dotnet_diagnostic.SG1004.severity = none
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SG1002", DiagnosticSeverity.Error).WithLocation(0));
        return test.RunAsync();
    }

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
