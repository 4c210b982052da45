using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.SocketConstruction;

/// <summary>
/// SG2004: <c>new Socket(...)</c> with a socket type and protocol that cannot work together: Stream
/// with Udp, Dgram with Tcp, a Unix-domain socket with Tcp or Udp. The constructor throws
/// SocketException (protocol not supported) at run time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketTypeProtocolAnalyzer : DiagnosticAnalyzer
{
    // The values of the System.Net.Sockets enums, as the BSD constants they mirror.
    private const int AddressFamilyUnix = 1;
    private const int SocketTypeStream = 1;
    private const int SocketTypeDgram = 2;
    private const int ProtocolTcp = 6;
    private const int ProtocolUdp = 17;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.InvalidSocketTypeProtocol);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var socketType = start.Compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
            if (socketType is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeCreation(operation, socketType), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol socketType)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, socketType))
        {
            return;
        }

        int? family = null;
        int? type = null;
        int? protocol = null;
        foreach (var argument in creation.Arguments)
        {
            var value = ConstantEnumValue(argument.Value);
            switch (argument.Parameter?.Type.Name)
            {
                case "AddressFamily":
                    family = value;
                    break;
                case "SocketType":
                    type = value;
                    break;
                case "ProtocolType":
                    protocol = value;
                    break;
            }
        }

        if (protocol is null)
        {
            return;
        }

        string? first = null;
        if (type == SocketTypeStream && protocol == ProtocolUdp)
        {
            first = "SocketType.Stream";
        }
        else if (type == SocketTypeDgram && protocol == ProtocolTcp)
        {
            first = "SocketType.Dgram";
        }
        else if (family == AddressFamilyUnix && (protocol == ProtocolTcp || protocol == ProtocolUdp))
        {
            first = "AddressFamily.Unix";
        }

        if (first is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            IoAndNativeRules.InvalidSocketTypeProtocol,
            creation.Syntax.GetLocation(),
            first,
            protocol == ProtocolTcp ? "ProtocolType.Tcp" : "ProtocolType.Udp"));
    }

    private static int? ConstantEnumValue(IOperation value)
    {
        var constant = value.ConstantValue;
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        return constant.Value is int number ? number : null;
    }
}
