using SocketGen.Analyzers.Lifecycle;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.FalsePositives;

/// <summary>Correct, idiomatic socket code yields no diagnostic at all (and compiles cleanly).</summary>
public class FalsePositiveTests
{
    [Theory]
    [MemberData(nameof(IdiomaticSocketCode.All), MemberType = typeof(IdiomaticSocketCode))]
    public Task Idiomatic_socket_code_has_no_diagnostics(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        return new AnalyzerTest(new SocketLifecycleAnalyzer()) { TestCode = source }.RunAsync();
    }
}
