using SocketGen.Testing.Snapshots;

namespace SocketGen.Generators.Tests;

public sealed class SnapshotTests
{
    public static IEnumerable<object[]> Contracts => TestContracts.All.Select(a => new[] { a[0] });

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Generated_source_matches_the_baseline_and_compiles_without_warnings(string contract)
    {
        var outcome = GeneratorHarness.Run(TestContracts.Get(contract)).AssertCompilesWithoutWarnings();

        Assert.NotEmpty(outcome.Sources);
        foreach (var (hintName, source) in outcome.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Snapshot.Match(source, hintName.Replace(".SocketGen.g.cs", ""));
        }
    }
}
