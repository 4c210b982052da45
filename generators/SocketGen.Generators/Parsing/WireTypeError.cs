namespace SocketGen.Generators.Parsing;

/// <summary>Why a type cannot travel on the wire, and the properties that led to it.</summary>
/// <param name="Type">The offending type, as a message shows it.</param>
/// <param name="Reason">What is wrong with it and what to do.</param>
/// <param name="IsSilent">
/// Whether the compiler already reports the problem (the type does not resolve), so no diagnostic is added.
/// </param>
internal sealed record WireTypeError(string Type, string Reason, bool IsSilent)
{
    /// <summary>The properties, outermost first, through which the offending type was reached.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>This error, reached through one more property.</summary>
    public WireTypeError Through(string property) => this with { Path = [property, .. Path] };

    /// <summary>The explanation for a diagnostic message.</summary>
    public string Describe()
        => Path.Count == 0
            ? $"'{Type}' {Reason}"
            : $"'{Type}' (reached through {string.Join(", then ", Path)}) {Reason}";
}
