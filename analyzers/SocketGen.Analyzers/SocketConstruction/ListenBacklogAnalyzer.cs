using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.SocketConstruction;

/// <summary>
/// SG2005: Socket.Listen or TcpListener.Start with a literal backlog below 16. Connections that
/// arrive while the accept queue is full are refused; the parameterless overload asks for the
/// system maximum.
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

            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, socket, tcpListener), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? socket, INamedTypeSymbol? tcpListener)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Parameters.Length != 1 || method.Parameters[0].Type.SpecialType != SpecialType.System_Int32 || invocation.Arguments.Length != 1)
        {
            return;
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
            return;
        }

        var value = invocation.Arguments[0].Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        // Only a literal: a named constant or a variable is a configured value.
        if (value is not ILiteralOperation { ConstantValue: { HasValue: true, Value: int backlog } } || backlog >= SmallestAdvisedBacklog)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            IoAndNativeRules.SmallListenBacklog,
            invocation.Syntax.GetLocation(),
            backlog.ToString(System.Globalization.CultureInfo.InvariantCulture),
            name));
    }
}
