using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.CodeFixes.Blocking;

/// <summary>
/// Turns a blocking socket call into the call of its async variant with the same arguments: a
/// (buffer, offset, size) triple becomes a Memory&lt;byte&gt; slice, a span becomes memory, and the
/// cancellation token in scope is appended when an overload takes one. Each candidate is bound
/// speculatively; the first that binds to a method returning the same result, awaited, wins.
/// </summary>
internal static class AsyncCallBuilder
{
    /// <summary>The async call (not yet awaited), or null when no async overload fits.</summary>
    public static InvocationExpressionSyntax? Build(InvocationExpressionSyntax invocation, string asyncName, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol syncMethod
            || syncMethod.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return null;
        }

        var renamed = Rename(invocation.Expression, asyncName);
        if (renamed is null)
        {
            return null;
        }

        var token = FindCancellationToken(invocation, model, cancellationToken);
        var argumentLists = new List<SeparatedSyntaxList<ArgumentSyntax>>();
        var asGiven = invocation.ArgumentList.Arguments;
        var asMemory = ToMemoryArguments(asGiven, syncMethod, model, cancellationToken);
        foreach (var arguments in asMemory is null ? new[] { asGiven } : new[] { asGiven, asMemory.Value })
        {
            if (token is not null)
            {
                argumentLists.Add(arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token))));
            }

            argumentLists.Add(arguments);
        }

        foreach (var arguments in argumentLists)
        {
            var candidate = SyntaxFactory.InvocationExpression(renamed, SyntaxFactory.ArgumentList(arguments));
            var info = model.GetSpeculativeSymbolInfo(invocation.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression);
            if (info.Symbol is IMethodSymbol asyncMethod && ReturnsSameResult(syncMethod, asyncMethod))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ExpressionSyntax? Rename(ExpressionSyntax target, string asyncName)
    {
        var name = SyntaxFactory.IdentifierName(asyncName);
        switch (target)
        {
            case MemberAccessExpressionSyntax member when member.Name is IdentifierNameSyntax:
                return member.WithName(name.WithTriviaFrom(member.Name));
            case IdentifierNameSyntax identifier:
                return name.WithTriviaFrom(identifier);
            default:
                return null;
        }
    }

    /// <summary>
    /// The arguments with (byte[] buffer, int offset, int size) as one Memory&lt;byte&gt; and
    /// <c>x.AsSpan(...)</c> as <c>x.AsMemory(...)</c>; null when nothing changes.
    /// </summary>
    private static SeparatedSyntaxList<ArgumentSyntax>? ToMemoryArguments(SeparatedSyntaxList<ArgumentSyntax> arguments, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (arguments.Any(a => a.NameColon is not null))
        {
            return null;
        }

        var changed = false;
        var result = new List<ArgumentSyntax>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var parameter = i < method.Parameters.Length ? method.Parameters[i] : null;
            if (parameter?.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
                && i + 2 < arguments.Count
                && i + 2 < method.Parameters.Length
                && method.Parameters[i + 1].Type.SpecialType == SpecialType.System_Int32
                && method.Parameters[i + 2].Type.SpecialType == SpecialType.System_Int32)
            {
                var memory = model.Compilation.GetTypeByMetadataName("System.Memory`1") is { } memoryType
                    ? memoryType.Construct(model.Compilation.GetSpecialType(SpecialType.System_Byte)).ToMinimalDisplayString(model, argument.SpanStart)
                    : "System.Memory<byte>";
                var slice = SyntaxFactory.ParseExpression(
                    "new " + memory + "(" + argument.Expression + ", " + arguments[i + 1].Expression + ", " + arguments[i + 2].Expression + ")");
                result.Add(SyntaxFactory.Argument(slice));
                i += 2;
                changed = true;
                continue;
            }

            if (argument.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } member } span
                && model.GetTypeInfo(member.Expression, cancellationToken).Type is IArrayTypeSymbol)
            {
                result.Add(argument.WithExpression(span.WithExpression(member.WithName(SyntaxFactory.IdentifierName("AsMemory")))));
                changed = true;
                continue;
            }

            result.Add(argument);
        }

        return changed ? SyntaxFactory.SeparatedList(result) : null;
    }

    private static string? FindCancellationToken(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        // Parameters of the enclosing functions first, innermost first; then locals declared before the call.
        string? local = null;
        foreach (var symbol in model.LookupSymbols(call.SpanStart))
        {
            if (symbol is IParameterSymbol parameter && IsCancellationToken(parameter.Type))
            {
                return parameter.Name;
            }

            if (local is null && symbol is ILocalSymbol candidate && IsCancellationToken(candidate.Type)
                && candidate.DeclaringSyntaxReferences.All(r => r.Span.End <= call.SpanStart))
            {
                local = candidate.Name;
            }
        }

        _ = cancellationToken;
        return local;
    }

    private static bool IsCancellationToken(ITypeSymbol type)
        => type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading";

    private static bool ReturnsSameResult(IMethodSymbol syncMethod, IMethodSymbol asyncMethod)
    {
        if (asyncMethod.ReturnType is not INamedTypeSymbol returned
            || returned.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks"
            || (returned.Name != "Task" && returned.Name != "ValueTask"))
        {
            return false;
        }

        if (syncMethod.ReturnsVoid)
        {
            return returned.TypeArguments.Length == 0;
        }

        return returned.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], syncMethod.ReturnType);
    }
}
