using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Native;

/// <summary>
/// SG3004: a port written into the port field of a native sockaddr_in / sockaddr_in6 without
/// conversion to network byte order, as in <c>addr.sin_port = 13;</c>. Reported only where the value
/// is certainly in host order: a decimal constant whose two bytes differ, or the Port of an
/// IPEndPoint, DnsEndPoint or Uri.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PortByteOrderAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.PortInHostByteOrder);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IFieldReferenceOperation { Field: { } field } || !SockaddrShape.IsPortField(field))
        {
            return;
        }

        var value = NativeArguments.Unwrap(assignment.Value);
        if (value is null || !IsHostOrderPort(assignment.Value, value))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            IoAndNativeRules.PortInHostByteOrder,
            assignment.Syntax.GetLocation(),
            value.Syntax.ToString(),
            field.ContainingType.Name + "." + field.Name));
    }

    private static bool IsHostOrderPort(IOperation stored, IOperation value)
    {
        // The stored constant has the field's type (ushort or short), whatever the literal's type.
        if (stored.ConstantValue.HasValue)
        {
            return stored.ConstantValue.Value is { } constant && IsUnconvertedConstant(value, constant);
        }

        // The Port of an endpoint or URI is always in host byte order.
        return value is IPropertyReferenceOperation { Property: { Name: "Port" } property }
            && property.ContainingType?.ToDisplayString() is "System.Net.IPEndPoint" or "System.Net.DnsEndPoint" or "System.Uri";
    }

    private static bool IsUnconvertedConstant(IOperation value, object constant)
    {
        int port;
        switch (constant)
        {
            case ushort unsigned:
                port = unsigned;
                break;
            case short signed:
                port = signed & 0xFFFF;
                break;
            default:
                return false;
        }

        var swapped = ((port & 0xFF) << 8) | (port >> 8);
        if (port == swapped)
        {
            // 0 (any port) and ports like 0x0101 read the same in both orders.
            return false;
        }

        // A hexadecimal or binary literal spells out the bytes: the writer chose their order.
        return !IsHexOrBinaryLiteral(value.Syntax);
    }

    private static bool IsHexOrBinaryLiteral(SyntaxNode syntax)
    {
        foreach (var token in syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.NumericLiteralToken))
            {
                var text = token.Text;
                if (text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
