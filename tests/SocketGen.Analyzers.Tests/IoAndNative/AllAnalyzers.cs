using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketGen.Analyzers.Addressing;
using SocketGen.Analyzers.Blocking;
using SocketGen.Analyzers.Lifecycle;
using SocketGen.Analyzers.Native;
using SocketGen.Analyzers.Receive;
using SocketGen.Analyzers.SocketConstruction;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>Fresh instances of the receive, blocking, addressing, construction and native analyzers, with and without the lifecycle one.</summary>
internal static class AllAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> IoAndNative =>
    [
        new PartialReceiveAnalyzer(),
        new BlockingCallInAsyncAnalyzer(),
        new FirstAddressConnectAnalyzer(),
        new SocketTypeProtocolAnalyzer(),
        new ListenBacklogAnalyzer(),
        new AddressLengthFlowAnalyzer(),
        new OutAddressLengthAnalyzer(),
        new PortByteOrderAnalyzer(),
        new AddressLengthMismatchAnalyzer(),
    ];

    public static ImmutableArray<DiagnosticAnalyzer> Everything => IoAndNative.Add(new SocketLifecycleAnalyzer());
}
