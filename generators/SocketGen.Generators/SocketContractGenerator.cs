using Microsoft.CodeAnalysis;
using SocketGen.Generators.Emitting;
using SocketGen.Generators.Incremental;
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
        // Every file's declarations. A file whose edit stayed inside method bodies compares equal to its
        // previous version, so the collected array, and everything after it, stays cached.
        var declarations = context.CompilationProvider
            .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
            .Select(static (tree, _) => new DeclarationShape(tree))
            .Collect();
        var settings = context.CompilationProvider
            .Select(static (compilation, _) => new CompilationSettings(compilation));

        // Parsing binds every contract, which costs about as much as a cold run; it runs only when a
        // declaration, an option or a reference changed. (ForAttributeWithMetadataName would run it after
        // every edit anywhere: its transform never counts a new compilation as unchanged.)
        var contracts = declarations
            .Combine(settings)
            .Combine(context.CompilationProvider)
            .Select(static (input, _) => new ContractInputs(input.Left.Left, input.Left.Right, input.Right))
            .SelectMany(static (inputs, cancellationToken) => ContractDiscovery.Parse(inputs.Compilation, cancellationToken))
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
