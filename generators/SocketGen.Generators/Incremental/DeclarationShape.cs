using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketGen.Generators.Incremental;

/// <summary>
/// One source file as far as contracts can see it: its declarations, not the code inside method and
/// accessor bodies. Two versions of a file compare equal when an edit changed only such code, which can
/// change no contract, no message type and no constant a contract uses; the generator then reuses what
/// it made last time instead of binding every contract again.
/// </summary>
/// <remarks>
/// Equal means the compiler's own top-level equivalence (<see cref="SyntaxFactory.AreEquivalent(SyntaxTree, SyntaxTree, bool)"/>,
/// which ignores method bodies and non-const field initializers), the same path and parse options, and,
/// because that equivalence ignores trivia, identical text when the file holds a <c>#nullable</c>
/// directive (moving one changes the annotations of the declarations after it). Holds the tree it was
/// made from, which the driver keeps until the file's declarations change.
/// </remarks>
internal sealed class DeclarationShape : IEquatable<DeclarationShape>
{
    private readonly SyntaxTree _tree;

    public DeclarationShape(SyntaxTree tree)
    {
        _tree = tree;
    }

    public bool Equals(DeclarationShape? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(_tree, other._tree))
        {
            return true;
        }

        return _tree.FilePath == other._tree.FilePath
               && _tree.Options.Equals(other._tree.Options)
               && SyntaxFactory.AreEquivalent(_tree, other._tree, topLevel: true)
               && (!HasNullableDirective(_tree) && !HasNullableDirective(other._tree)
                   || _tree.GetText().ContentEquals(other._tree.GetText()));
    }

    public override bool Equals(object? obj) => Equals(obj as DeclarationShape);

    // Equivalent files have the same path; the path is all a hash can rely on.
    public override int GetHashCode() => _tree.FilePath.GetHashCode();

    private static bool HasNullableDirective(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        return root.ContainsDirectives
               && root.GetFirstDirective(static d => d.IsKind(SyntaxKind.NullableDirectiveTrivia)) is not null;
    }
}
