using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SocketGen.Testing.Compilation;

namespace SocketGen.Testing.Analyzers;

/// <summary>
/// Reference assemblies for Microsoft.CodeAnalysis.Testing that need no network: the framework's own
/// <see cref="ReferenceAssemblies"/> download a reference pack from a package feed, so tests name an empty set
/// (nothing to resolve) and add the running framework's assemblies instead, which are the API the tests run on.
/// </summary>
public static class OfflineReferenceAssemblies
{
    /// <summary>A reference set with no package: resolving it reads no feed.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>Points <paramref name="state"/> at the running framework's assemblies.</summary>
    public static void AddRunningFramework(SolutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.AdditionalReferences.AddRange(TestCompilation.FrameworkReferences);
    }

    /// <summary>References to the assemblies that define <paramref name="types"/>.</summary>
    public static IEnumerable<MetadataReference> To(params Type[] types) => types.Select(TestCompilation.ReferenceTo);
}
