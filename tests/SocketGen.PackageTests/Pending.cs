namespace SocketGen.PackageTests;

/// <summary>
/// Why a consumer test is skipped today. The generator and the analyzers are written in parallel
/// with this project; when one lands, delete the Skip of the tests that name it.
/// </summary>
internal static class Pending
{
    public const string Generator =
        "Enable when the [SocketContract] generator lands in generators/SocketGen.Generators (issue 5).";

    public const string LifecycleAnalyzers =
        "Enable when the lifecycle analyzers land in analyzers/SocketGen.Analyzers (issue 6, SG1001).";

    public const string ReceiveCountAnalyzer =
        "Enable when the partial-receive analyzer lands in analyzers/SocketGen.Analyzers (issue 7, SG2001).";

    public const string NativeAddressAnalyzers =
        "Enable when the native address-length analyzers land in analyzers/SocketGen.Analyzers (issue 7, SG3001).";
}
