using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers.Values;

namespace SocketGen.Analyzers.Native;

/// <summary>
/// SG3005: the length passed with a sockaddr to a native bind, connect or sendto does not match the
/// size of the struct passed (sizeof(sockaddr_in) with a sockaddr_in6, 16 with a sockaddr_in6, ...),
/// where both are known.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddressLengthMismatchAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.AddressLengthMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var function = NativeSocketFunction.From(invocation.TargetMethod);
        if (!function.LengthIsInput)
        {
            return;
        }

        var addressArgument = NativeArguments.ArgumentFor(invocation, function.AddressOrdinal);
        var lengthArgument = NativeArguments.ArgumentFor(invocation, function.LengthOrdinal);
        if (addressArgument is null || lengthArgument is null)
        {
            return;
        }

        var structType = NativeArguments.AddressedStruct(addressArgument);
        if (structType is null || SockaddrShape.Classify(structType) == SockaddrKind.None)
        {
            return;
        }

        var length = ReadLength(lengthArgument.Value);
        if (length.IsUnknown || !NativeArguments.DiffersFrom(length, structType))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyKeys.LengthOrdinal, function.LengthOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add(DiagnosticPropertyKeys.AddressOrdinal, function.AddressOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var size = SockaddrShape.SizeOf(structType)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.ReportDiagnostic(Diagnostic.Create(
            IoAndNativeRules.AddressLengthMismatch,
            invocation.Syntax.GetLocation(),
            properties,
            function.NativeName,
            structType.Name,
            size,
            length.Describe()));
    }

    private static KnownLength ReadLength(IOperation value)
    {
        // A length kept in a local that is written once is that value wherever it is read.
        if (NativeArguments.Unwrap(value) is ILocalReferenceOperation local && SingleAssignment.ValueOf(local) is { } assigned)
        {
            return NativeArguments.ReadLength(assigned);
        }

        return NativeArguments.ReadLength(value);
    }
}
