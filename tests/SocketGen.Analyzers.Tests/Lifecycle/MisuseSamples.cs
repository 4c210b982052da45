using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>The misuse corpus: every marked misuse is reported, and nothing else.</summary>
public class MisuseSamples
{
    public static TheoryData<string> Names => new(MisusedSocketCode.All.Select(entry => entry.Key));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_marked_misuse_is_reported_and_nothing_else(string name)
        => new SocketAnalyzerTest(new SocketGen.Analyzers.Lifecycle.SocketLifecycleAnalyzer())
        {
            TestCode = MisusedSocketCode.All.Single(entry => entry.Key == name).Value,
        }.RunAsync();
}
