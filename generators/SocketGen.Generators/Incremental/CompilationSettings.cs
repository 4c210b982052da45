using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketGen.Generators.Incremental;

/// <summary>
/// What a contract's meaning depends on besides the source files: the assembly's name, the compilation
/// options (the nullable context among them) and the referenced assemblies (SocketGen.Hosting among them).
/// </summary>
internal sealed class CompilationSettings : IEquatable<CompilationSettings>
{
    private readonly string? _assemblyName;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;

    public CompilationSettings(Compilation compilation)
    {
        _assemblyName = compilation.AssemblyName;
        _options = compilation.Options;
        _references = compilation.References.ToImmutableArray();
    }

    public bool Equals(CompilationSettings? other)
    {
        if (other is null)
        {
            return false;
        }

        if (_assemblyName != other._assemblyName || !_options.Equals(other._options) || _references.Length != other._references.Length)
        {
            return false;
        }

        // The host keeps one reference object per unchanged assembly, so identity is the cheap and safe test.
        for (var i = 0; i < _references.Length; i++)
        {
            if (!ReferenceEquals(_references[i], other._references[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as CompilationSettings);

    public override int GetHashCode() => _references.Length;
}
