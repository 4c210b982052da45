using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Addressing;

/// <summary>
/// SG2003: a connect (Socket or TcpClient: Connect, ConnectAsync, BeginConnect) to only the first
/// address a DNS lookup returned. Hosts that answer IPv6 first (localhost resolves to ::1) then fail
/// where connecting by host name would have tried the next address.
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

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, socket, tcpClient), OperationKind.Invocation);
        });
    }

    /// <summary>The argument of a connect call that carries the remote address, or null when the call is not a connect.</summary>
    internal static IArgumentOperation? AddressArgument(IInvocationOperation invocation, INamedTypeSymbol socket, INamedTypeSymbol? tcpClient)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Connect" or "ConnectAsync" or "BeginConnect")
            || !(SymbolEqualityComparer.Default.Equals(method.ContainingType, socket) || SymbolEqualityComparer.Default.Equals(method.ContainingType, tcpClient)))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.ToDisplayString() is "System.Net.IPAddress" or "System.Net.EndPoint" or "System.Net.IPEndPoint")
            {
                return argument;
            }
        }

        return null;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol socket, INamedTypeSymbol? tcpClient)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var address = AddressArgument(invocation, socket, tcpClient);
        if (address is null || FirstResolvedAddress.Trace(address.Value) is not { } first)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            IoAndNativeRules.FirstAddressConnect,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
            first.FirstAddress.Syntax.ToString()));
    }
}
