using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Emitting;
using SocketGen.Generators.Parsing;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators;

/// <summary>
/// Writes a client, a server and codecs for every interface marked <c>[SocketContract]</c>. A contract
/// with an error generates nothing; <see cref="Diagnostics.SocketContractAnalyzer"/> reports the error.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SocketContractGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contracts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ContractParser.ContractAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attributed, cancellationToken) => attributed.TargetSymbol is INamedTypeSymbol contract
                    ? ContractParser.Parse(contract, attributed.SemanticModel.Compilation, cancellationToken).Spec
                    : null)
            .WithTrackingName(TrackingNames.Contracts)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidContracts);

        context.RegisterSourceOutput(contracts, static (output, contract) => Emit(output, contract));
    }

    private static void Emit(SourceProductionContext output, ContractSpec contract)
    {
        output.AddSource(contract.HintName, ContractEmitter.Emit(contract));
        if (HostingEmitter.Emit(contract) is { } hosting)
        {
            output.AddSource(HostingEmitter.HintName(contract), hosting);
        }
    }

    /// <summary>The names of the incremental steps, for tests that check what the driver cached.</summary>
    public static class TrackingNames
    {
        /// <summary>Each <c>[SocketContract]</c> type parsed into a spec (null when it has an error).</summary>
        public const string Contracts = "SocketGen.Contracts";

        /// <summary>The specs of the contracts without errors.</summary>
        public const string ValidContracts = "SocketGen.ValidContracts";
    }
}
