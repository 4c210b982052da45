using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Lifecycle;

/// <summary>SG1002: inserts a Bind before the Listen, with an endpoint placeholder (any address, port 0) to edit.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenWithoutBindCodeFix))]
[Shared]
public sealed class ListenWithoutBindCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, the same for every diagnostic it fixes.</summary>
    public const string EquivalenceKey = "SG1002.InsertBind";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ListenWithoutBind);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

    /// <inheritdoc />
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

            var invocation = LifecycleFixSyntax.FindInvocation(root, span);
            var receiver = invocation is null ? null : LifecycleFixSyntax.Receiver(invocation);
            var statement = invocation is null ? null : LifecycleFixSyntax.OwnStatementInBlock(invocation);
            if (receiver is null || statement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Bind the socket before listening",
                    cancellationToken => InsertBindAsync(context.Document, statement, receiver, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> InsertBindAsync(Document document, StatementSyntax listen, ExpressionSyntax receiver, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var anyAddress = IsIPv6(editor.SemanticModel, receiver, cancellationToken) ? "IPv6Any" : "Any";
        var bind = SyntaxFactory.ParseStatement(
                $"{receiver.WithoutTrivia()}.Bind(new global::System.Net.IPEndPoint(global::System.Net.IPAddress.{anyAddress}, 0));")
            // The Listen statement's indentation and line end, not its comments: those stay with the Listen.
            .WithLeadingTrivia(listen.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse())
            .WithTrailingTrivia(listen.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        editor.InsertBefore(listen, bind);
        return editor.GetChangedDocument();
    }

    /// <summary>Whether the socket local was created with AddressFamily.InterNetworkV6 (a literal).</summary>
    private static bool IsIPv6(SemanticModel model, ExpressionSyntax receiver, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(receiver, cancellationToken).Symbol is not ILocalSymbol local)
        {
            return false;
        }

        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                && model.GetOperation(value, cancellationToken) is IObjectCreationOperation creation)
            {
                return creation.Arguments.Any(argument =>
                    argument.Parameter?.Type.Name == "AddressFamily"
                    && argument.Value.ConstantValue is { HasValue: true, Value: 23 }); // AddressFamily.InterNetworkV6
            }
        }

        return false;
    }
}
