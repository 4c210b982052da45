using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// What the parser made of one contract: a spec when the contract is valid, the diagnostics otherwise.
/// The generator keeps only the spec; the analyzer reports only the diagnostics.
/// </summary>
/// <param name="Spec">The spec, or <see langword="null"/> when the contract has an error.</param>
/// <param name="Diagnostics">The errors found (empty when <paramref name="Spec"/> is set).</param>
internal sealed record ContractParseResult(ContractSpec? Spec, ImmutableArray<Diagnostic> Diagnostics);
