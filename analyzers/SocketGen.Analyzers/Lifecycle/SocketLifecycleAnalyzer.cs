using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>
/// SG1001–SG1008: socket lifecycle misuse on System.Net.Sockets (Socket, TcpListener, TcpClient,
/// UdpClient), found by a flow-sensitive analysis of each method's local sockets and reported only
/// where the misuse holds on every path that reaches the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketLifecycleAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        LifecycleRules.ConnectOnListening,
        LifecycleRules.ListenWithoutBind,
        LifecycleRules.AcceptWithoutListen,
        LifecycleRules.UseAfterClose,
        LifecycleRules.BindTwice,
        LifecycleRules.ConnectionlessListen,
        LifecycleRules.ConnectWhenConnected,
        LifecycleRules.DataOnListening);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationStart =>
        {
            var api = SocketApi.TryCreate(compilationStart.Compilation);
            if (api is null)
            {
                return; // no System.Net.Sockets: nothing to check
            }

            compilationStart.RegisterOperationBlockStartAction(blockStart =>
            {
                // Build control flow graphs only for blocks where a local receives a socket in a known
                // state (a new socket or an accepted one): without one, every socket is unknown.
                var declaresSocket = new BlockFlag();
                blockStart.RegisterOperationAction(
                    declarator =>
                    {
                        var declared = (IVariableDeclaratorOperation)declarator.Operation;
                        if (declared.Initializer is { } initializer && IsKnownSocket(api, declared.Symbol.Type, initializer.Value))
                        {
                            declaresSocket.Value = true;
                        }
                    },
                    OperationKind.VariableDeclarator);
                blockStart.RegisterOperationAction(
                    assignment =>
                    {
                        var assigned = (ISimpleAssignmentOperation)assignment.Operation;
                        if (assigned.Target is ILocalReferenceOperation target && IsKnownSocket(api, target.Local.Type, assigned.Value))
                        {
                            declaresSocket.Value = true;
                        }
                    },
                    OperationKind.SimpleAssignment);
                blockStart.RegisterOperationBlockEndAction(blockEnd =>
                {
                    if (declaresSocket.Value)
                    {
                        FlowGraphs.AnalyzeOperationBlock(blockEnd, graph => new SocketLifecycleFlow(api, graph.OriginalOperation.SemanticModel, blockEnd.ReportDiagnostic));
                    }
                });
            });
        });
    }

    private static bool IsKnownSocket(SocketApi api, ITypeSymbol type, IOperation value)
        => api.TryGetFamily(type, out _) && api.TryGetCreatedFacts(value, _ => null, out _);
}
