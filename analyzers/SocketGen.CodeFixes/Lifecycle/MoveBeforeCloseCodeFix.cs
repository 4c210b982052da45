using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketGen.Analyzers;

namespace SocketGen.CodeFixes.Lifecycle;

/// <summary>
/// SG1004: moves the use before the Dispose/Close (or to the end of the using block) that closed the
/// socket, where that is legal: same block, and the statements in between neither jump away nor touch
/// what the moved statement reads or writes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveBeforeCloseCodeFix))]
[Shared]
public sealed class MoveBeforeCloseCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, the same for every diagnostic it fixes.</summary>
    public const string EquivalenceKey = "SG1004.MoveBeforeClose";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UseAfterClose);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => SingleFixPerDiagnosticFixAll.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await DiagnosticSpan.InAsync(context.Document, diagnostic.Location, context.CancellationToken).ConfigureAwait(false) is not { } span)
            {
                continue;
            }

            if (diagnostic.AdditionalLocations.Count == 0)
            {
                continue; // paths disagree on which call closed it
            }

            var use = LifecycleFixSyntax.OwnStatementInBlock(root.FindNode(span, getInnermostNodeForTie: true));
            var closerSpan = await DiagnosticSpan.InAsync(context.Document, diagnostic.AdditionalLocations[0], context.CancellationToken).ConfigureAwait(false);
            var closer = closerSpan is null ? null : root.FindNode(closerSpan.Value, getInnermostNodeForTie: true);
            if (use is null || closer is null || !TryFindTarget(use, closer, model, context.CancellationToken, out var target))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    target.Close is not null ? "Move before the socket is closed" : "Move into the using block",
                    cancellationToken => MoveAsync(context.Document, use, target, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static bool TryFindTarget(ExpressionStatementSyntax use, SyntaxNode closer, SemanticModel model, CancellationToken cancellationToken, out Target target)
    {
        target = default;
        var block = (BlockSyntax)use.Parent!;
        StatementSyntax anchor;
        if (LifecycleFixSyntax.OwnStatementInBlock(closer) is { } close && close.Parent == block)
        {
            anchor = close;
            target = new Target(close, null);
        }
        else if (closer.FirstAncestorOrSelf<UsingStatementSyntax>() is { Statement: BlockSyntax body } usingStatement
            && usingStatement.Parent == block
            && (body.Statements.Count == 0 || EndIsReachable(model, body.Statements.First(), body.Statements.Last())))
        {
            anchor = usingStatement;
            target = new Target(null, body);
        }
        else
        {
            return false;
        }

        var from = block.Statements.IndexOf(anchor);
        var to = block.Statements.IndexOf(use);
        if (from < 0 || to <= from)
        {
            return false;
        }

        return to == from + 1 || IsIndependent(model, block.Statements[from + 1], block.Statements[to - 1], use);
    }

    /// <summary>Whether the statements first..last can be crossed by <paramref name="use"/> without changing what it means.</summary>
    private static bool IsIndependent(SemanticModel model, StatementSyntax first, StatementSyntax last, StatementSyntax use)
    {
        if (!EndIsReachable(model, first, last))
        {
            return false;
        }

        var between = model.AnalyzeDataFlow(first, last);
        var moved = model.AnalyzeDataFlow(use);
        if (between is null || moved is null || !between.Succeeded || !moved.Succeeded)
        {
            return false;
        }

        var touched = moved.ReadInside.Union(moved.WrittenInside, SymbolEqualityComparer.Default).ToImmutableHashSet(SymbolEqualityComparer.Default);
        return !between.WrittenInside.Any(touched.Contains)
            && !between.VariablesDeclared.Any(touched.Contains)
            && !between.ReadInside.Any(symbol => moved.WrittenInside.Contains(symbol, SymbolEqualityComparer.Default));
    }

    private static bool EndIsReachable(SemanticModel model, StatementSyntax first, StatementSyntax last)
    {
        var flow = model.AnalyzeControlFlow(first, last);
        return flow is not null && flow.Succeeded && flow.EndPointIsReachable && flow.ExitPoints.IsEmpty;
    }

    private static async Task<Document> MoveAsync(Document document, ExpressionStatementSyntax use, Target target, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        // Fresh indentation from the formatter; the statement keeps its own line ending.
        var moved = use.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
        editor.RemoveNode(use);
        if (target.Close is not null)
        {
            editor.InsertBefore(target.Close, moved);
        }
        else
        {
            editor.ReplaceNode(target.Body!, (current, _) => ((BlockSyntax)current).AddStatements(moved).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return editor.GetChangedDocument();
    }

    /// <summary>Where the use goes: before the closing statement, or at the end of the using block's body.</summary>
    private readonly struct Target
    {
        public Target(StatementSyntax? close, BlockSyntax? body)
        {
            Close = close;
            Body = body;
        }

        public StatementSyntax? Close { get; }

        public BlockSyntax? Body { get; }
    }
}
