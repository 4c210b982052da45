using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketGen.Analyzers.Values;

/// <summary>
/// Finds the one value a local ever holds. A local written exactly once (its initializer, or one plain
/// assignment) and never written through ref, out, &amp; or a capture holds that value at every read:
/// C#'s definite assignment puts the write before every read, on every path. Anything else is unknown.
/// </summary>
internal static class SingleAssignment
{
    /// <summary>The value <paramref name="reference"/>'s local always holds, or null when it may hold more than one.</summary>
    public static IOperation? ValueOf(ILocalReferenceOperation reference)
    {
        var root = Root(reference);
        var local = reference.Local;
        if (local.IsRef || local.IsConst && local.HasConstantValue)
        {
            return null;
        }

        IOperation? value = null;
        IOperation? declaringFunction = null;
        var writes = 0;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    declaringFunction = NearestFunction(declarator, root);
                    if (declarator.Initializer is { } initializer)
                    {
                        value = initializer.Value;
                        writes++;
                    }

                    break;
                case ILocalReferenceOperation localReference when SymbolEqualityComparer.Default.Equals(localReference.Local, local):
                    if (declaringFunction is null)
                    {
                        // Declared in a way this does not follow.
                        return null;
                    }

                    if (IsWrite(localReference, out var assigned))
                    {
                        if (NearestFunction(localReference, root) != declaringFunction)
                        {
                            // Written by a lambda or local function, which may run at any time.
                            return null;
                        }

                        writes++;
                        value = assigned;
                    }

                    // A read inside a lambda or local function sees the one value too: C# requires the
                    // captured local to be definitely assigned where the lambda is created or the local
                    // function is called.

                    break;
            }

            if (writes > 1)
            {
                return null;
            }
        }

        return writes == 1 ? value : null;
    }

    /// <summary>The outermost operation above <paramref name="operation"/>: the method body or field initializer.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>
    /// True when the reference writes its local; <paramref name="value"/> is the value a plain assignment
    /// stores, null for a write whose value is unknown (ref, out, &amp;, ++, compound assignment, deconstruction).
    /// </summary>
    public static bool IsWrite(ILocalReferenceOperation reference, out IOperation? value)
    {
        value = null;
        IOperation current = reference;
        var parent = current.Parent;
        while (parent is IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == current:
                value = assignment.IsRef ? null : assignment.Value;
                return true;
            case IAssignmentOperation assignment when assignment.Target == current:
                return true;
            case IIncrementOrDecrementOperation:
            case IAddressOfOperation:
            case IDeclarationExpressionOperation:
            case ITupleOperation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter is { RefKind: not RefKind.None };
            case IInvocationOperation invocation when invocation.Instance == current && current.Type is { IsValueType: true }:
                // A method called on a struct local may mutate it.
                return true;
            default:
                return false;
        }
    }

    /// <summary>The innermost lambda or local function around <paramref name="operation"/>, else <paramref name="root"/>.</summary>
    public static IOperation NearestFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return root;
    }
}
