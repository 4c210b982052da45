using SocketGen.Analyzers.Tests.IoAndNative;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.FalsePositives;

/// <summary>
/// Every analyzer together (lifecycle, receive, blocking, addressing, construction, native) over the
/// whole false-positive suite: the idiomatic socket code and the native and receive-loop code.
/// </summary>
public class EveryAnalyzerFalsePositiveTests
{
    [Theory]
    [MemberData(nameof(IdiomaticSocketCode.All), MemberType = typeof(IdiomaticSocketCode))]
    [MemberData(nameof(NativeAndReceiveLoopCode.All), MemberType = typeof(NativeAndReceiveLoopCode))]
    public Task Correct_socket_code_has_no_diagnostics_from_any_analyzer(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        return new AnalyzerTest([.. AllAnalyzers.Everything])
        {
            TestCode = source,

            // SG2005 is a suggestion (Info), not a claim that the code is wrong: the idiomatic corpus
            // keeps a small backlog on purpose (TcpListenerAndTcpClient). Its own tests cover it.
            GlobalConfig = "dotnet_diagnostic.SG2005.severity = none",
        }.RunAsync();
    }
}
