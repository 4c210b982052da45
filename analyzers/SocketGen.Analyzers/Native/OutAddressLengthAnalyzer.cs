using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketGen.Analyzers.Native;

/// <summary>
/// SG3003: a P/Invoke of accept, accept4, getpeername, getsockname or recvfrom whose address-length
/// parameter is <c>out</c>. The callee reads the length as the size of the buffer, so it must be
/// <c>ref</c> or a pointer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OutAddressLengthAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(IoAndNativeRules.OutAddressLength);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;

        // A partial P/Invoke (LibraryImport) is reported once, on its declaring half.
        if (method.PartialDefinitionPart is not null || !method.IsExtern && method.PartialImplementationPart is null && !method.IsPartialDefinition)
        {
            return;
        }

        var function = NativeSocketFunction.From(method);
        if (!function.LengthIsValueResult)
        {
            return;
        }

        var parameter = method.Parameters[function.LengthOrdinal];
        if (parameter.RefKind != RefKind.Out)
        {
            return;
        }

        var location = parameter.DeclaringSyntaxReferences.Length > 0
            ? parameter.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken).GetLocation()
            : parameter.Locations.Length > 0 ? parameter.Locations[0] : Location.None;
        context.ReportDiagnostic(Diagnostic.Create(IoAndNativeRules.OutAddressLength, location, parameter.Name, function.NativeName));
    }
}
