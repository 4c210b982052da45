using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Flow;

namespace SocketGen.Analyzers.Blocking;

/// <summary>
/// SG2002: a blocking socket call inside an async method, async lambda or async local function:
/// Socket Connect, Accept, Receive, Send and their From/To variants, Dns.GetHostAddresses /
/// GetHostEntry, and the blocking members of TcpClient, TcpListener and UdpClient. The call holds a
/// thread-pool thread for the whole wait; the awaited async variant does not. Not reported: the
/// synchronous branch of a run-time sync/async switch (<see cref="SyncAsyncSwitch"/>), calls on a
/// connectionless socket that never wait for a peer (Connect, Send, SendTo), and an accept every path
/// reaches only after its listener said a connection is waiting (<see cref="ReadyAccept"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallInAsyncAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.BlockingCallInAsync);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = BlockingSocketMembers.Create(start.Compilation);
            if (types is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, types), OperationKind.Invocation);
            start.RegisterOperationAction(operation => AnalyzeCreation(operation, types), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, BlockingSocketMembers members)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var asyncName = members.AsyncVariantOf(invocation.TargetMethod);
        if (asyncName is null || members.NeverWaitsForPeer(invocation) || EnclosingAsyncFunctionKind(invocation.Syntax) is null)
        {
            return;
        }

        if (members.IsAccept(invocation.TargetMethod) && FlowGraphs.CanBuildGraph(invocation) && ReadyAccept.IsAfterReadinessCheck(invocation, context.GetControlFlowGraph(), context.CancellationToken))
        {
            return;
        }

        Report(context, invocation.Syntax, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name, asyncName);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, BlockingSocketMembers members)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!members.IsConnectingConstructor(creation.Constructor))
        {
            return;
        }

        Report(context, creation.Syntax, "new TcpClient(host, port)", "TcpClient.ConnectAsync");
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode call, string blocking, string asyncName)
    {
        var kind = EnclosingAsyncFunctionKind(call);
        if (kind is null || SyncAsyncSwitch.IsSynchronousBranch(call))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.AsyncName, asyncName);
        context.ReportDiagnostic(Diagnostic.Create(IoAndNativeRules.BlockingCallInAsync, call.GetLocation(), properties, blocking, kind, asyncName));
    }

    /// <summary>"method", "lambda" or "local function" when the innermost function around the call is async; null otherwise.</summary>
    private static string? EnclosingAsyncFunctionKind(SyntaxNode call)
    {
        foreach (var ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? "lambda" : null;
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword) ? "local function" : null;
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword) ? "method" : null;
                case MemberDeclarationSyntax:
                case AccessorDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }
}
