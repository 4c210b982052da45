using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>
/// The call that put a socket in its state (or gave it its type): the member's display name and the
/// operation. Kept as is during the analysis and turned into text ("'Listen' on line 7") only when a
/// diagnostic is reported, so the fixpoint never computes line numbers.
/// </summary>
internal sealed class SocketCause : IEquatable<SocketCause>
{
    public SocketCause(string member, IOperation operation)
    {
        Member = member;
        Operation = operation;
    }

    /// <summary>The member as shown in messages: "Listen", "new Socket(...)".</summary>
    public string Member { get; }

    /// <summary>The operation that made the call.</summary>
    public IOperation Operation { get; }

    /// <summary>Where the call is.</summary>
    public Location Location => Operation.Syntax.GetLocation();

    /// <summary>The call as the messages name it: "'Listen' on line 7", "the end of its using block on line 12".</summary>
    public string Describe()
    {
        var syntax = Operation.Syntax;
        if (Operation.IsImplicit)
        {
            // The compiler's Dispose at the end of a using statement or a using declaration's scope; its
            // syntax is the resource (or the statement), so look for the statement around it.
            var statement = syntax.AncestorsAndSelf().FirstOrDefault(node => node is UsingStatementSyntax or LocalDeclarationStatementSyntax);
            switch (statement)
            {
                case UsingStatementSyntax usingStatement:
                    return $"the end of its using block on line {EndLine(usingStatement)}";
                case LocalDeclarationStatementSyntax declaration:
                    return $"the end of its using declaration's scope on line {EndLine(declaration.Parent ?? declaration)}";
            }
        }

        return $"'{Member}' on line {syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
    }

    /// <inheritdoc />
    public bool Equals(SocketCause? other)
        => other is not null && ReferenceEquals(Operation, other.Operation) && Member == other.Member;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SocketCause);

    /// <inheritdoc />
    public override int GetHashCode() => Operation.GetHashCode();

    private static int EndLine(SyntaxNode node) => node.GetLocation().GetLineSpan().EndLinePosition.Line + 1;
}
