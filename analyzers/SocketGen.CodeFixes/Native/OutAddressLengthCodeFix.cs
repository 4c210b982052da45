using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Native;

/// <summary>
/// SG3003: declares the address length <c>ref</c> instead of <c>out</c>, and passes existing variables
/// <c>ref</c> at the calls in the same document. A call that declares its variable in the argument
/// (<c>out int len</c>) is left for the developer, who must now set the length first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OutAddressLengthCodeFix))]
[Shared]
public sealed class OutAddressLengthCodeFix : CodeFixProvider
{
    private const string Title = "Declare the address length ref";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OutAddressLength);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await DiagnosticSpan.InAsync(context.Document, diagnostic.Location, context.CancellationToken).ConfigureAwait(false) is not { } span)
            {
                continue;
            }

            var parameter = root.FindNode(span, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<ParameterSyntax>()
                .FirstOrDefault();
            if (parameter is null || !parameter.Modifiers.Any(SyntaxKind.OutKeyword))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => MakeRefAsync(context.Document, parameter, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> MakeRefAsync(Document document, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || model.GetDeclaredSymbol(parameter, cancellationToken) is not IParameterSymbol symbol
            || symbol.ContainingSymbol is not IMethodSymbol method)
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        var outKeyword = parameter.Modifiers.First(m => m.IsKind(SyntaxKind.OutKeyword));
        replacements[parameter] = parameter.WithModifiers(parameter.Modifiers.Replace(outKeyword, SyntaxFactory.Token(SyntaxKind.RefKeyword).WithTriviaFrom(outKeyword)));

        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(invocation, cancellationToken).Symbol?.OriginalDefinition, method.OriginalDefinition))
            {
                continue;
            }

            var argument = ArgumentFor(invocation.ArgumentList, symbol);
            if (argument is not null && argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) && argument.Expression is not DeclarationExpressionSyntax)
            {
                replacements[argument] = argument.WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.RefKeyword).WithTriviaFrom(argument.RefKindKeyword));
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static ArgumentSyntax? ArgumentFor(ArgumentListSyntax arguments, IParameterSymbol parameter)
    {
        for (var i = 0; i < arguments.Arguments.Count; i++)
        {
            var argument = arguments.Arguments[i];
            if (argument.NameColon is { } name)
            {
                if (name.Name.Identifier.ValueText == parameter.Name)
                {
                    return argument;
                }
            }
            else if (i == parameter.Ordinal)
            {
                return argument;
            }
        }

        return null;
    }
}
