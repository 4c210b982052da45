using Microsoft.CodeAnalysis;
using SocketGen.Sockets;

namespace SocketGen.Analyzers.Lifecycle;

/// <summary>
/// What the analysis knows about the socket in one local at one program point: the set of states it
/// can be in (one per path that reaches the point), its possible socket types, the earlier call that
/// put it in its state, and the listener it was accepted from. Joining unions the sets, so a state set
/// with one member means every path agrees.
/// </summary>
internal readonly struct SocketFacts : IEquatable<SocketFacts>
{
    private SocketFacts(int states, SocketKinds kinds, SocketCause? cause, SocketCause? kindCause, ILocalSymbol? acceptedFrom)
    {
        States = states;
        Kinds = kinds;
        Cause = cause;
        KindCause = kindCause;
        AcceptedFrom = acceptedFrom;
    }

    /// <summary>The possible states, one bit per <see cref="SocketState"/>.</summary>
    public int States { get; }

    /// <summary>The possible socket types.</summary>
    public SocketKinds Kinds { get; }

    /// <summary>The call that put the socket in its state; null when paths disagree.</summary>
    public SocketCause? Cause { get; }

    /// <summary>Where the socket type became known (its creation); null when paths disagree.</summary>
    public SocketCause? KindCause { get; }

    /// <summary>The listener local this socket was accepted from, when every path agrees.</summary>
    public ILocalSymbol? AcceptedFrom { get; }

    /// <summary>The facts of a socket that starts in <paramref name="state"/>.</summary>
    public static SocketFacts Create(SocketState state, SocketKinds kinds, SocketCause cause)
        => new SocketFacts(Bit(state), kinds, cause, cause, null);

    /// <summary>The bit of <paramref name="state"/> in <see cref="States"/>.</summary>
    public static int Bit(SocketState state) => 1 << (int)state;

    /// <summary>Whether every path agrees the socket is in <paramref name="state"/>.</summary>
    public bool IsDefinitely(SocketState state) => States == Bit(state);

    /// <summary>The possible states.</summary>
    public IEnumerable<SocketState> PossibleStates()
    {
        for (var state = SocketState.Created; state <= SocketState.Closed; state++)
        {
            if ((States & Bit(state)) != 0)
            {
                yield return state;
            }
        }
    }

    /// <summary>The same socket, now in <paramref name="states"/> because of <paramref name="cause"/>.</summary>
    public SocketFacts WithStates(int states, SocketCause cause)
        => new SocketFacts(states, Kinds, cause, KindCause, AcceptedFrom);

    /// <summary>The same facts, noting the listener the socket was accepted from.</summary>
    public SocketFacts WithAcceptedFrom(ILocalSymbol? listener)
        => new SocketFacts(States, Kinds, Cause, KindCause, listener);

    /// <summary>What is known where paths with <paramref name="left"/> and <paramref name="right"/> meet.</summary>
    public static SocketFacts Join(SocketFacts left, SocketFacts right)
        => new SocketFacts(
            left.States | right.States,
            left.Kinds | right.Kinds,
            Equals(left.Cause, right.Cause) ? left.Cause : null,
            Equals(left.KindCause, right.KindCause) ? left.KindCause : null,
            SymbolEqualityComparer.Default.Equals(left.AcceptedFrom, right.AcceptedFrom) ? left.AcceptedFrom : null);

    /// <inheritdoc />
    public bool Equals(SocketFacts other)
        => States == other.States
            && Kinds == other.Kinds
            && Equals(Cause, other.Cause)
            && Equals(KindCause, other.KindCause)
            && SymbolEqualityComparer.Default.Equals(AcceptedFrom, other.AcceptedFrom);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SocketFacts other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (States * 31) + (int)Kinds;
}
