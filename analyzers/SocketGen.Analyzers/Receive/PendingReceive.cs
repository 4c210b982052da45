using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Receive;

/// <summary>A receive whose count was stored but not yet looked at, and the buffer it filled.</summary>
internal readonly struct PendingReceive : IEquatable<PendingReceive>
{
    public PendingReceive(SyntaxNode call, ISymbol buffer)
    {
        Call = call;
        Buffer = buffer;
    }

    /// <summary>The receive call.</summary>
    public SyntaxNode Call { get; }

    /// <summary>The local, parameter or field it received into.</summary>
    public ISymbol Buffer { get; }

    /// <inheritdoc/>
    public bool Equals(PendingReceive other)
        => ReferenceEquals(Call, other.Call) && SymbolEqualityComparer.Default.Equals(Buffer, other.Buffer);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PendingReceive other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Call.GetHashCode();
}
