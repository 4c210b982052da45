using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers;
using SocketGen.Analyzers.Addressing;

namespace SocketGen.CodeFixes.Addressing;

/// <summary>
/// SG2003: connects by host name and port instead (<c>socket.Connect(host, port)</c>), which tries
/// every address the name resolves to. Offered when the host name and port are both visible and the
/// host-name overload exists for the call; the lookup itself is left for the developer to remove.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FirstAddressConnectCodeFix))]
[Shared]
public sealed class FirstAddressConnectCodeFix : CodeFixProvider
{
    private const string Title = "Connect by host name to try every address";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FirstAddressConnect);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var socket = model.Compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        var tcpClient = model.Compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        if (socket is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await DiagnosticSpan.InAsync(context.Document, diagnostic.Location, context.CancellationToken).ConfigureAwait(false) is not { } span)
            {
                continue;
            }

            var invocation = root.FindNode(span, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<InvocationExpressionSyntax>()
                .FirstOrDefault();
            if (invocation is null || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
            {
                continue;
            }

            var replacement = await BuildHostConnectAsync(context.Document, diagnostic, invocation, operation, socket, tcpClient, model, context.CancellationToken).ConfigureAwait(false);
            if (replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => ReplaceAsync(context.Document, invocation, replacement, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<InvocationExpressionSyntax?> BuildHostConnectAsync(
        Document document,
        Diagnostic diagnostic,
        InvocationExpressionSyntax invocation,
        IInvocationOperation operation,
        INamedTypeSymbol socket,
        INamedTypeSymbol? tcpClient,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        // The analyzer passes the host name and, for an end point, its port as additional locations.
        var address = FirstAddressFlow.AddressArgument(operation, socket, tcpClient);
        if (address?.Parameter is null
            || diagnostic.AdditionalLocations.Count == 0
            || await ExpressionAtAsync(document, diagnostic.AdditionalLocations[0], cancellationToken).ConfigureAwait(false) is not { } host)
        {
            return null;
        }

        // The port: the int after an IPAddress, or the one the IPEndPoint was made with.
        IArgumentOperation? portArgument = null;
        if (address.Parameter.Type.Name == "IPAddress")
        {
            portArgument = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == address.Parameter.Ordinal + 1);
        }

        var port = portArgument?.Value.Syntax as ExpressionSyntax;
        if (port is null && diagnostic.AdditionalLocations.Count > 1)
        {
            port = await ExpressionAtAsync(document, diagnostic.AdditionalLocations[1], cancellationToken).ConfigureAwait(false);
        }

        if (port is null)
        {
            return null;
        }

        var arguments = new List<ArgumentSyntax>
        {
            SyntaxFactory.Argument(host.WithoutTrivia()),
            SyntaxFactory.Argument(port.WithoutTrivia()),
        };
        foreach (var argument in operation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument == address || argument == portArgument)
            {
                continue;
            }

            if (argument.IsImplicit || argument.Syntax is not ArgumentSyntax syntax)
            {
                // A default value the caller did not write.
                continue;
            }

            arguments.Add(syntax.WithNameColon(null).WithoutTrivia());
        }

        var candidate = invocation.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        var info = model.GetSpeculativeSymbolInfo(invocation.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { Parameters.Length: > 0 } method
            && method.Parameters[0].Type.SpecialType == SpecialType.System_String
            && method.Name == operation.TargetMethod.Name
            ? candidate
            : null;
    }

    private static async Task<ExpressionSyntax?> ExpressionAtAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var span = await DiagnosticSpan.InAsync(document, location, cancellationToken).ConfigureAwait(false);
        return root is null || span is null ? null : root.FindNode(span.Value, getInnermostNodeForTie: true) as ExpressionSyntax;
    }

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax invocation, InvocationExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement.WithTriviaFrom(invocation)));
    }
}
