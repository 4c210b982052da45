using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Native;

/// <summary>How an address-length local got the value it holds.</summary>
internal enum AddressLengthSource
{
    /// <summary>Declared and never assigned (C# allows <c>&amp;len</c> of such a local in unsafe code).</summary>
    Unset,

    /// <summary>Assigned a value: a constant, a sizeof, or something else (see <see cref="AddressLengthFact.Length"/>).</summary>
    Assigned,

    /// <summary>Written by the native call itself: the size of the last peer's address (value-result).</summary>
    WrittenByCall,
}

/// <summary>
/// One way an address-length local can have got its value on some path: where (the assignment or the
/// native call) and what is known about the value. The flow state of a local is the set of these over
/// every path that reaches a point, so "bad on every path" means every fact in the set is bad.
/// </summary>
internal readonly struct AddressLengthFact : IEquatable<AddressLengthFact>
{
    public AddressLengthFact(AddressLengthSource source, SyntaxNode? site, KnownLength length)
    {
        Source = source;
        Site = site;
        Length = length;
    }

    /// <summary>Where the value came from.</summary>
    public AddressLengthSource Source { get; }

    /// <summary>The assignment or call that set the value; null for <see cref="AddressLengthSource.Unset"/>.</summary>
    public SyntaxNode? Site { get; }

    /// <summary>What is known about an assigned value.</summary>
    public KnownLength Length { get; }

    /// <summary>
    /// True when, passed with a buffer of <paramref name="bufferType"/>, this value is certainly wrong:
    /// unset, zero, or a length known to differ from the buffer's size.
    /// </summary>
    public bool IsWrongFor(ITypeSymbol? bufferType)
    {
        switch (Source)
        {
            case AddressLengthSource.Unset:
                return true;
            case AddressLengthSource.Assigned:
                if (Length.Value == 0 && Length.SizeOfType is null)
                {
                    return true;
                }

                return bufferType is not null && NativeArguments.DiffersFrom(Length, bufferType);
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(AddressLengthFact other)
        => Source == other.Source
            && ReferenceEquals(Site, other.Site)
            && Length.Value == other.Length.Value
            && SymbolEqualityComparer.Default.Equals(Length.SizeOfType, other.Length.SizeOfType);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AddressLengthFact other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
        => ((int)Source * 397) ^ (Site?.GetHashCode() ?? 0) ^ (Length.Value ?? -1);
}
