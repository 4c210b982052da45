using System.Text.RegularExpressions;
using SocketGen.PackageTests.Infrastructure;

namespace SocketGen.PackageTests;

/// <summary>
/// Every rule with a code fix, fixed by <c>dotnet format analyzers</c> (which applies Fix All) in a consumer of the
/// packed SocketGen.Analyzers whose file has misuse of every fixable rule side by side: the fix applies, every
/// diagnostic of the rule goes, and the result compiles. Also all rules in one run: dotnet format then hands each
/// fix the first diagnostic of any selected rule to pick the Fix All key from, often another rule's.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed partial class DotNetFormatFixTests(PackedPackages packages)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(6);

    private static readonly string[] s_fixableRuleIds =
        ["SG1001", "SG1002", "SG1004", "SG1008", "SG2001", "SG2002", "SG2003", "SG2004", "SG2005", "SG3001", "SG3002", "SG3003", "SG3004", "SG3005"];

    public static TheoryData<string> FixableRuleIds => new(s_fixableRuleIds);

    [Theory]
    [MemberData(nameof(FixableRuleIds))]
    public Task Dotnet_format_fixes_every_diagnostic_of_the_rule_and_the_result_compiles(string id)
        => FormatAndBuildAsync([id]);

    [Fact]
    public Task Dotnet_format_fixes_every_rule_in_one_run_and_the_result_compiles()
        => FormatAndBuildAsync(s_fixableRuleIds);

    private async Task FormatAndBuildAsync(string[] ids)
    {
        var consumer = await packages.FixableConsumer;
        ConsumerChecks.AssertBuildSucceeded(consumer);
        var before = Diagnostics(consumer.Output);
        Assert.All(ids, id => Assert.Contains(id, before));

        // Each run starts from the misuse as written.
        var file = Path.Combine(consumer.ProjectDirectory, ConsumerSources.Fixable.FileName);
        await File.WriteAllTextAsync(file, ConsumerSources.Fixable.Text);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(consumer.ProjectDirectory, ConsumerProject.PackagesFolderName) };

        var format = await DotNetCli.RunAsync(
            consumer.ProjectDirectory,
            $"format analyzers {ConsumerProject.ProjectName}.csproj --diagnostics {string.Join(' ', ids)} --severity info --no-restore -v n",
            s_timeout,
            environment);
        Assert.True(format.Succeeded, format.ToString());
        Assert.DoesNotContain("Unable to fix", format.Output, StringComparison.Ordinal);
        Assert.NotEqual(ConsumerSources.Fixable.Text, await File.ReadAllTextAsync(file));

        var build = await DotNetCli.RunAsync(
            consumer.ProjectDirectory,
            $"build {ConsumerProject.ProjectName}.csproj -c Debug --no-restore --no-incremental {DotNetCli.NoServers}",
            s_timeout,
            environment);
        Assert.True(build.Succeeded, build.ToString() + Environment.NewLine + await File.ReadAllTextAsync(file));
        var after = Diagnostics(build.Output);
        Assert.All(ids, id => Assert.DoesNotContain(id, after));
    }

    /// <summary>The SocketGen rule ids a build reported.</summary>
    private static HashSet<string> Diagnostics(string buildOutput)
        => [.. SocketGenDiagnostic().Matches(buildOutput).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"(?:warning|error) (SG\d{4}):")]
    private static partial Regex SocketGenDiagnostic();
}
