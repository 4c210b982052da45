using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// Finds every type declaration marked <c>[SocketContract]</c> in a compilation, in file and source
/// order, and parses each into a spec (null when it has an error), as
/// <c>ForAttributeWithMetadataName</c> would, but in one pass the generator can skip when no
/// declaration changed.
/// </summary>
internal static class ContractDiscovery
{
    public static ImmutableArray<ContractSpec?> Parse(Compilation compilation, CancellationToken cancellationToken)
    {
        var specs = ImmutableArray.CreateBuilder<ContractSpec?>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            SemanticModel? model = null;
            foreach (var declaration in AttributedTypeDeclarations(tree.GetRoot(cancellationToken)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                model ??= compilation.GetSemanticModel(tree);
                if (model.GetDeclaredSymbol(declaration, cancellationToken) is { } contract && IsMarkedAsContract(contract, declaration))
                {
                    specs.Add(ContractParser.Parse(contract, compilation, cancellationToken).Spec);
                }
            }
        }

        return specs.ToImmutable();
    }

    /// <summary>Type declarations with attributes, at any nesting depth; never looks inside members (no contract is declared there).</summary>
    private static IEnumerable<TypeDeclarationSyntax> AttributedTypeDeclarations(SyntaxNode root)
        => root.DescendantNodes(static node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<TypeDeclarationSyntax>()
            .Where(static declaration => declaration.AttributeLists.Count > 0);

    /// <summary>Whether this declaration itself (not another part of a partial type) applies <c>[SocketContract]</c>.</summary>
    private static bool IsMarkedAsContract(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.ApplicationSyntaxReference is { } application
                && application.SyntaxTree == declaration.SyntaxTree
                && declaration.Span.Contains(application.Span)
                && attribute.AttributeClass?.ToDisplayString() == ContractParser.ContractAttributeName)
            {
                return true;
            }
        }

        return false;
    }
}
