using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Addressing;

/// <summary>What the addressing analysis knows a value to be.</summary>
internal enum ResolvedKind
{
    /// <summary>Something else, or paths disagree on what it is.</summary>
    Other,

    /// <summary>The result of a DNS lookup: an address array, an IPHostEntry, or a task of one.</summary>
    Lookup,

    /// <summary>The first address of a lookup (<c>[0]</c>, <c>.First()</c>), or an IPEndPoint made from it.</summary>
    FirstAddress,
}

/// <summary>
/// The abstract value <see cref="FirstAddressFlow"/> keeps per local: whether it holds a DNS lookup's
/// result or the first address of one, with the host name and port when every path agrees on them.
/// Joining keeps what both sides share, so the lattice is finite (fields only ever become null).
/// </summary>
internal sealed class ResolvedAddress : IEquatable<ResolvedAddress>
{
    /// <summary>A value that is neither a lookup nor its first address (on some path).</summary>
    public static readonly ResolvedAddress Other = new(ResolvedKind.Other, null, null, null);

    private ResolvedAddress(ResolvedKind kind, IOperation? firstAddress, IOperation? host, IOperation? port)
    {
        Kind = kind;
        FirstAddress = firstAddress;
        Host = host;
        Port = port;
    }

    /// <summary>What the value is.</summary>
    public ResolvedKind Kind { get; }

    /// <summary>The expression that takes the first address (<c>addresses[0]</c>, <c>.First()</c>); set for <see cref="ResolvedKind.FirstAddress"/>.</summary>
    public IOperation? FirstAddress { get; }

    /// <summary>The host name passed to the lookup, when it is a string every path agrees on.</summary>
    public IOperation? Host { get; }

    /// <summary>The port, when the address went through <c>new IPEndPoint(address, port)</c> on every path.</summary>
    public IOperation? Port { get; }

    /// <summary>The result of a lookup of <paramref name="host"/>.</summary>
    public static ResolvedAddress Lookup(IOperation? host) => new(ResolvedKind.Lookup, null, host, null);

    /// <summary>The first address of this lookup, taken by <paramref name="firstAddress"/>.</summary>
    public ResolvedAddress First(IOperation firstAddress) => new(ResolvedKind.FirstAddress, firstAddress, Host, null);

    /// <summary>This first address with <paramref name="port"/>, as an IPEndPoint.</summary>
    public ResolvedAddress WithPort(IOperation? port) => new(Kind, FirstAddress, Host, port);

    /// <summary>What is known where a path with <paramref name="left"/> meets one with <paramref name="right"/>.</summary>
    public static ResolvedAddress Join(ResolvedAddress left, ResolvedAddress right)
    {
        if (left.Equals(right))
        {
            return left;
        }

        if (left.Kind != right.Kind || left.Kind == ResolvedKind.Other)
        {
            return Other;
        }

        // Both are first addresses (or both lookups): the message names the earlier expression.
        var first = left.FirstAddress is null || right.FirstAddress is null
            ? left.FirstAddress ?? right.FirstAddress
            : left.FirstAddress.Syntax.SpanStart <= right.FirstAddress.Syntax.SpanStart ? left.FirstAddress : right.FirstAddress;
        return new ResolvedAddress(
            left.Kind,
            first,
            left.Host == right.Host ? left.Host : null,
            left.Port == right.Port ? left.Port : null);
    }

    /// <inheritdoc/>
    public bool Equals(ResolvedAddress? other)
        => other is not null && Kind == other.Kind && FirstAddress == other.FirstAddress && Host == other.Host && Port == other.Port;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ResolvedAddress);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Kind * 31 + (FirstAddress?.GetHashCode() ?? 0)) * 31 + (Host?.GetHashCode() ?? 0);
}
