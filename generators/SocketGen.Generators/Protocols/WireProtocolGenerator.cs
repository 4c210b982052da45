using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SocketGen.Generators.Protocols;

/// <summary>
/// Implements <c>IWireProtocol</c> on every class marked <c>[WireProtocol]</c>: framing, span-based readers and writers
/// for its message layouts, and short forms of the protocol client and server. A declaration with an error gets
/// SG4001–SG4007 and no code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WireProtocolGenerator : IIncrementalGenerator
{
    /// <summary>The name of the step that parses each protocol, for tests that check what the driver cached.</summary>
    public const string ParseStep = "SocketGen.Protocols";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var protocols = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "SocketGen.Protocols.WireProtocolAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (attributed, cancellationToken) => ProtocolParser.Parse((INamedTypeSymbol)attributed.TargetSymbol, (TypeDeclarationSyntax)attributed.TargetNode, cancellationToken))
            .WithTrackingName(ParseStep);

        context.RegisterSourceOutput(protocols, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                var location = diagnostic.FilePath is null
                    ? Location.None
                    : Location.Create(diagnostic.FilePath, new TextSpan(diagnostic.Start, diagnostic.Length),
                        new LinePositionSpan(new LinePosition(diagnostic.StartLine, diagnostic.StartColumn), new LinePosition(diagnostic.EndLine, diagnostic.EndColumn)));
                output.ReportDiagnostic(Diagnostic.Create(ProtocolDiagnosticDescriptors.ById(diagnostic.Id), location, diagnostic.Message));
            }

            if (result.Spec is { } spec)
            {
                output.AddSource(spec.HintName, ProtocolEmitter.Emit(spec));
            }
        });
    }
}
