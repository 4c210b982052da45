using SocketGen.Analyzers.Lifecycle;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.FalsePositives;

/// <summary>Correct, idiomatic socket code (<see cref="IdiomaticSocketCode"/>) yields no diagnostic at all, and compiles cleanly.</summary>
public class FalsePositiveTests
{
    public static TheoryData<string> Names => new(IdiomaticSocketCode.All.Select(entry => entry.Key));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Idiomatic_socket_code_has_no_diagnostics(string name)
        => new SocketAnalyzerTest(new SocketLifecycleAnalyzer())
        {
            TestCode = IdiomaticSocketCode.All.Single(entry => entry.Key == name).Value,
        }.RunAsync();
}
