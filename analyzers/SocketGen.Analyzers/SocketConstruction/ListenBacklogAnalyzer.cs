using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Receive;

namespace SocketGen.Analyzers.SocketConstruction;

/// <summary>
/// SG2005: Socket.Listen or TcpListener.Start with a literal backlog below 16, on a listener that serves
/// an accept loop. Connections that arrive while the accept queue is full are refused; the parameterless
/// overload asks for the system maximum. A listener that accepts once (an FTP data channel, a test's one
/// connection) or never is left alone: a small backlog is right there. The loop is looked for in the
/// type that makes the listener listening (see <see cref="AcceptLoops"/>); a listener handed to code
/// outside it is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ListenBacklogAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Backlogs below this are reported.</summary>
    public const int SmallestAdvisedBacklog = 16;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.SmallListenBacklog);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var socket = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
            var tcpListener = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
            if (socket is null && tcpListener is null)
            {
                return;
            }

            start.RegisterSymbolStartAction(type => AnalyzeType(type, socket, tcpListener), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext type, INamedTypeSymbol? socket, INamedTypeSymbol? tcpListener)
    {
        var loops = new AcceptLoops();
        var listens = new ConcurrentBag<(ISymbol Listener, IInvocationOperation Call, int Backlog, string Name)>();
        type.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                loops.Record(invocation, operation.ContainingSymbol);
                if (SmallBacklog(invocation, socket, tcpListener) is { } small
                    && ReceiveCall.Variable(invocation.Instance, allowSlices: false) is { } listener)
                {
                    listens.Add((listener, invocation, small.Backlog, small.Name));
                }
            },
            OperationKind.Invocation);
        type.RegisterOperationAction(operation => loops.Record((IMethodReferenceOperation)operation.Operation, operation.ContainingSymbol), OperationKind.MethodReference);
        type.RegisterOperationAction(operation => loops.Record((ISimpleAssignmentOperation)operation.Operation), OperationKind.SimpleAssignment);
        type.RegisterOperationAction(operation => loops.Record((IVariableDeclaratorOperation)operation.Operation), OperationKind.VariableDeclarator);
        type.RegisterSymbolEndAction(end =>
        {
            foreach (var (listener, call, backlog, name) in listens)
            {
                if (loops.ServesAcceptLoop(listener, call.Syntax))
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        IoAndNativeRules.SmallListenBacklog,
                        call.Syntax.GetLocation(),
                        backlog.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        name));
                }
            }
        });
    }

    /// <summary>The backlog and the parameterless overload's name when the call listens with a literal backlog below 16.</summary>
    private static (int Backlog, string Name)? SmallBacklog(IInvocationOperation invocation, INamedTypeSymbol? socket, INamedTypeSymbol? tcpListener)
    {
        var method = invocation.TargetMethod;
        if (method.Parameters.Length != 1 || method.Parameters[0].Type.SpecialType != SpecialType.System_Int32 || invocation.Arguments.Length != 1)
        {
            return null;
        }

        var containing = method.ContainingType;
        string name;
        if (method.Name == "Listen" && SymbolEqualityComparer.Default.Equals(containing, socket))
        {
            name = "Listen()";
        }
        else if (method.Name == "Start" && SymbolEqualityComparer.Default.Equals(containing, tcpListener))
        {
            name = "Start()";
        }
        else
        {
            return null;
        }

        var value = invocation.Arguments[0].Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        // Only a literal: a named constant or a variable is a configured value.
        return value is ILiteralOperation { ConstantValue: { HasValue: true, Value: int backlog } } && backlog < SmallestAdvisedBacklog
            ? (backlog, name)
            : null;
    }
}
