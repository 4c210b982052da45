using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketGen.Generators.Incremental;

/// <summary>
/// The compilation to read contracts from, with what the contracts can depend on. Two inputs compare
/// equal when their declarations and settings do, whatever their compilations: an edit inside a method
/// body then leaves the contracts' specs cached instead of binding every contract again.
/// </summary>
/// <remarks>
/// The driver keeps the previous value when a new one compares equal, so it holds on to the compilation
/// of the last declaration change until the next one: one extra compilation per project, the price of
/// not binding every contract after every keystroke.
/// </remarks>
internal sealed class ContractInputs : IEquatable<ContractInputs>
{
    private readonly ImmutableArray<DeclarationShape> _declarations;
    private readonly CompilationSettings _settings;

    public ContractInputs(ImmutableArray<DeclarationShape> declarations, CompilationSettings settings, Compilation compilation)
    {
        _declarations = declarations;
        _settings = settings;
        Compilation = compilation;
    }

    /// <summary>The compilation these inputs came from; any compilation with equal inputs gives the same specs.</summary>
    public Compilation Compilation { get; }

    public bool Equals(ContractInputs? other)
        => other is not null
           && _settings.Equals(other._settings)
           && _declarations.SequenceEqual(other._declarations);

    public override bool Equals(object? obj) => Equals(obj as ContractInputs);

    public override int GetHashCode() => _declarations.Length;
}
