using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using SocketGen.Analyzers;
using SocketGen.Analyzers.Lifecycle;

namespace SocketGen.CodeFixes.Lifecycle;

/// <summary>SG1001 and SG1008: make the call on the socket Accept returned, when one is in scope, instead of the listener.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAcceptedSocketCodeFix))]
[Shared]
public sealed class UseAcceptedSocketCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, the same for every diagnostic it fixes.</summary>
    public const string EquivalenceKey = "SG1008.UseAcceptedSocket";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ConnectOnListening, RuleIds.DataOnListening);

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

            // The analyzer names an accepted socket only when one is definitely assigned and in scope here.
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.AcceptedSocket, out var accepted) || string.IsNullOrEmpty(accepted))
            {
                continue;
            }

            var invocation = LifecycleFixSyntax.FindInvocation(root, span);
            var receiver = invocation is null ? null : LifecycleFixSyntax.Receiver(invocation);
            if (receiver is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use the accepted socket '{accepted}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(
                        root.ReplaceNode(receiver, SyntaxFactory.IdentifierName(accepted!).WithTriviaFrom(receiver)))),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
