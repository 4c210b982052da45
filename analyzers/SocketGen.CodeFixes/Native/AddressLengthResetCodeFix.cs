using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers;
using SocketGen.Analyzers.Native;

namespace SocketGen.CodeFixes.Native;

/// <summary>
/// SG3001 and SG3002: sets the address length to the size of the address buffer in a statement just
/// before the call (<c>len = (uint)sizeof(sockaddr_storage);</c>), inside the loop for SG3002 so it is
/// reset on every iteration. Offered when the buffer's type is known and the call sits in a statement
/// of a block.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddressLengthResetCodeFix))]
[Shared]
public sealed class AddressLengthResetCodeFix : NodeCodeFixProvider<InvocationExpressionSyntax>
{
    private const string Title = "Set the address length to the buffer's size before the call";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AddressLengthNotInitialized, RuleIds.AddressLengthNotReset);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, InvocationExpressionSyntax invocation, SemanticModel model)
    {
        var statement = invocation.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null
            || statement.Parent is not BlockSyntax
            || statement is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
            || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation
            || AddressLengthFlow.LengthLocal(operation, out var function) is not { } local
            || NativeArguments.ArgumentFor(operation, function.AddressOrdinal) is not { } address
            || NativeArguments.AddressedStruct(address) is not { } bufferType)
        {
            return;
        }

        var unsafeContext = NativeArguments.Unwrap(address.Value) is IAddressOfOperation;
        var size = AddressLengthSyntax.SizeOf(bufferType, local.Type, unsafeContext, model, invocation.SpanStart);
        var reset = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(local.Name), size))
            .WithAdditionalAnnotations(Formatter.Annotation);
        context.RegisterCodeFix(
            CodeAction.Create(Title, token => InsertAsync(context.Document, statement, reset, token), equivalenceKey: Title),
            diagnostic);
    }

    private static async Task<Document> InsertAsync(Document document, StatementSyntax statement, StatementSyntax reset, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // The new statement takes the call's indentation; comments above the call stay with the call.
        var indentation = statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var indented = reset.WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.LineFeed);
        return document.WithSyntaxRoot(root.InsertNodesBefore(statement, new[] { indented }));
    }
}
