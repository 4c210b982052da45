using SocketGen.Analyzers.Tests.IoAndNative;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.FalsePositives;

/// <summary>
/// Every analyzer together (lifecycle, receive, blocking, addressing, construction, native) over the
/// whole false-positive suite: the idiomatic socket code and the native and receive-loop code.
/// </summary>
public class EveryAnalyzerFalsePositiveTests
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> s_suite = [.. IdiomaticSocketCode.All, .. NativeAndReceiveLoopCode.All];

    public static TheoryData<string> Names => new(s_suite.Select(entry => entry.Key));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Correct_socket_code_has_no_diagnostics_from_any_analyzer(string name)
    {
        return new SocketAnalyzerTest([.. AllAnalyzers.Everything])
        {
            TestCode = s_suite.Single(entry => entry.Key == name).Value,
        }.RunAsync();
    }
}
