using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketGen.Analyzers;
using SocketGen.Analyzers.Native;

namespace SocketGen.CodeFixes.Native;

/// <summary>SG3005: passes the size of the address struct itself as the length: sizeof(T), or Marshal.SizeOf&lt;T&gt;() outside unsafe code.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddressLengthMismatchCodeFix))]
[Shared]
public sealed class AddressLengthMismatchCodeFix : NodeCodeFixProvider<InvocationExpressionSyntax>
{
    private const string Title = "Pass the size of the address";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AddressLengthMismatch);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
        {
            return;
        }

        var function = NativeSocketFunction.From(operation.TargetMethod);
        var address = NativeArguments.ArgumentFor(operation, function.AddressOrdinal);
        var length = NativeArguments.ArgumentFor(operation, function.LengthOrdinal);
        if (!function.LengthIsInput || address is null || length?.Syntax is not ArgumentSyntax lengthSyntax
            || NativeArguments.AddressedStruct(address) is not { } structType || length.Parameter is null)
        {
            return;
        }

        var unsafeContext = NativeArguments.Unwrap(address.Value) is IAddressOfOperation;
        var replacement = AddressLengthSyntax.SizeOf(structType, length.Parameter.Type, unsafeContext, model, invocation.SpanStart)
            .WithTriviaFrom(lengthSyntax.Expression);
        context.RegisterCodeFix(
            CodeAction.Create(Title, token => ReplaceAsync(context.Document, lengthSyntax.Expression, replacement, token), equivalenceKey: Title),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(value, replacement));
    }
}
