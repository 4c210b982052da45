using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Flow;

/// <summary>Facts about locals that do not depend on the flow: captures, and how a reference is used.</summary>
internal static class FlowLocals
{
    /// <summary>Strips conversions and parentheses around <paramref name="operation"/>.</summary>
    public static IOperation? SkipConversions(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The locals that a lambda or local function inside <paramref name="roots"/> uses but does not
    /// declare. Such a local can change whenever the function runs, so flow analysis never tracks it.
    /// </summary>
    public static HashSet<ILocalSymbol> FindCapturedLocals(IEnumerable<IOperation> roots, CancellationToken cancellationToken)
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            foreach (var function in root.DescendantsAndSelf())
            {
                if (function is not IAnonymousFunctionOperation and not ILocalFunctionOperation)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var body = function.Syntax.Span;
                foreach (var reference in function.Descendants().OfType<ILocalReferenceOperation>())
                {
                    var declarations = reference.Local.DeclaringSyntaxReferences;
                    if (declarations.Length == 0 || !body.Contains(declarations[0].Span))
                    {
                        captured.Add(reference.Local);
                    }
                }
            }
        }

        return captured;
    }

    /// <summary>How a reference to a tracked local is used by the operation around it.</summary>
    public static FlowUse ClassifyUse(IOperation reference, out IOperation? user)
    {
        var used = reference;
        user = reference.Parent;
        while (user is IConversionOperation or IParenthesizedOperation)
        {
            used = user;
            user = user.Parent;
        }

        switch (user)
        {
            case null:
            case IExpressionStatementOperation:
                return FlowUse.Read; // a statement of its own or a branch value: nothing keeps it
            case IInvocationOperation invocation when invocation.Instance == used:
                return FlowUse.Receiver;
            case IMemberReferenceOperation member when member.Instance == used && member is not IMethodReferenceOperation:
                return FlowUse.Receiver; // a method group would make a delegate that keeps the local
            case IFlowCaptureOperation:
                return FlowUse.Captured;
            case ISimpleAssignmentOperation assignment when assignment.Target == used && !assignment.IsRef:
                return FlowUse.AssignmentTarget;
            case IIsNullOperation:
            case IIsTypeOperation:
                return FlowUse.Read;
            case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                return FlowUse.Read;
            case IIsPatternOperation pattern when pattern.Value == used && DeclaresNothing(pattern.Pattern):
                return FlowUse.Read;
            default:
                return FlowUse.Escape;
        }
    }

    private static bool DeclaresNothing(IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation:
            case ITypePatternOperation:
            case IRelationalPatternOperation:
                return true;
            case INegatedPatternOperation negated:
                return DeclaresNothing(negated.Pattern);
            case IBinaryPatternOperation binary:
                return DeclaresNothing(binary.LeftPattern) && DeclaresNothing(binary.RightPattern);
            case IDeclarationPatternOperation declaration:
                return declaration.DeclaredSymbol is null;
            default:
                return false;
        }
    }
}

/// <summary>The ways an operation can use a tracked local.</summary>
internal enum FlowUse
{
    /// <summary>Read and dropped: compared, type-tested, evaluated as a statement.</summary>
    Read,

    /// <summary>The instance of a call or member access.</summary>
    Receiver,

    /// <summary>Held by a compiler flow capture, which then aliases the local.</summary>
    Captured,

    /// <summary>The target of a plain assignment.</summary>
    AssignmentTarget,

    /// <summary>Anything else: passed, copied, stored, aliased. The local becomes unknown.</summary>
    Escape,
}
