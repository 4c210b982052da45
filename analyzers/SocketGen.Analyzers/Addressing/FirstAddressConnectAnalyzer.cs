using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Addressing;

/// <summary>
/// SG2003: a connect (Socket or TcpClient: Connect, ConnectAsync, BeginConnect) to only the first
/// address a DNS lookup returned, on every path that reaches it (<see cref="FirstAddressFlow"/>). Hosts
/// that answer IPv6 first (localhost resolves to ::1) then fail where connecting by host name would have
/// tried the next address.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FirstAddressConnectAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.FirstAddressConnect);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var socket = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
            var tcpClient = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
            if (socket is null)
            {
                return;
            }

            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, socket, tcpClient));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, INamedTypeSymbol socket, INamedTypeSymbol? tcpClient)
    {
        // Cheap pre-check: control flow graphs only for blocks with both a DNS lookup and a connect.
        bool lookup = false, connect = false;
        foreach (var block in context.OperationBlocks)
        {
            foreach (var invocation in block.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                lookup |= FirstAddressFlow.IsLookup(invocation);
                connect |= FirstAddressFlow.AddressArgument(invocation, socket, tcpClient) is not null;
            }
        }

        if (lookup && connect)
        {
            FlowGraphs.AnalyzeOperationBlock(context, _ => new FirstAddressFlow(socket, tcpClient, context.ReportDiagnostic));
        }
    }
}
