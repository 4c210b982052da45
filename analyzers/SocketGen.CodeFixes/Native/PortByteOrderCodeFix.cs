using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Native;

/// <summary>
/// SG3004: wraps the port in IPAddress.HostToNetworkOrder, which is htons on every host, little- or
/// big-endian: <c>addr.sin_port = 13</c> becomes <c>addr.sin_port = (ushort)IPAddress.HostToNetworkOrder((short)13)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PortByteOrderCodeFix))]
[Shared]
public sealed class PortByteOrderCodeFix : NodeCodeFixProvider<AssignmentExpressionSyntax>
{
    private const string Title = "Convert the port to network byte order";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PortInHostByteOrder);

    /// <inheritdoc/>
    protected override void RegisterFix(CodeFixContext context, Diagnostic diagnostic, AssignmentExpressionSyntax assignment, SemanticModel model)
    {
        if (model.GetTypeInfo(assignment.Left, context.CancellationToken).Type is not { } fieldType)
        {
            return;
        }

        if (fieldType.SpecialType != SpecialType.System_UInt16 && fieldType.SpecialType != SpecialType.System_Int16)
        {
            return;
        }

        var converted = Convert(assignment.Right, fieldType.SpecialType == SpecialType.System_UInt16, model, context.CancellationToken);
        context.RegisterCodeFix(
            CodeAction.Create(Title, token => ReplaceAsync(context.Document, assignment.Right, converted, token), equivalenceKey: Title),
            diagnostic);
    }

    private static ExpressionSyntax Convert(ExpressionSyntax value, bool unsignedField, SemanticModel model, CancellationToken cancellationToken)
    {
        // The value as the short HostToNetworkOrder takes; a constant above short.MaxValue needs unchecked.
        var inner = StripCasts(value);
        var constant = model.GetConstantValue(inner, cancellationToken);
        var needsUnchecked = constant.HasValue && constant.Value is not null && IsAboveShortMax(constant.Value);
        var operand = inner is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? inner.WithoutTrivia().ToString()
            : "(" + inner.WithoutTrivia() + ")";
        var asShort = needsUnchecked ? "unchecked((short)" + operand + ")" : "(short)" + operand;
        var ipAddress = TypeNames.Minimal(model, value.SpanStart, "System.Net.IPAddress") ?? "System.Net.IPAddress";
        var call = ipAddress + ".HostToNetworkOrder(" + asShort + ")";
        var text = unsignedField ? "(ushort)" + call : call;
        return SyntaxFactory.ParseExpression(text)
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static ExpressionSyntax StripCasts(ExpressionSyntax value)
    {
        while (true)
        {
            switch (value)
            {
                case CastExpressionSyntax cast:
                    value = cast.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    value = parenthesized.Expression;
                    break;
                default:
                    return value;
            }
        }
    }

    private static bool IsAboveShortMax(object constant)
        => constant switch
        {
            int number => number > short.MaxValue,
            uint number => number > short.MaxValue,
            long number => number > short.MaxValue,
            ulong number => number > (ulong)short.MaxValue,
            ushort number => number > short.MaxValue,
            _ => false,
        };

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, ExpressionSyntax converted, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(value, converted));
    }
}
