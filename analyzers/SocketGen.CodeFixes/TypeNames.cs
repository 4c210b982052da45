using Microsoft.CodeAnalysis;

namespace SocketGen.CodeFixes;

/// <summary>Spells framework type names the shortest way that binds where the fix inserts code.</summary>
internal static class TypeNames
{
    /// <summary>
    /// The name of <paramref name="metadataName"/> as written at <paramref name="position"/>: the
    /// simple name when a using brings it into scope, else fully qualified; null when the type is absent.
    /// </summary>
    public static string? Minimal(SemanticModel model, int position, string metadataName)
        => model.Compilation.GetTypeByMetadataName(metadataName)?.ToMinimalDisplayString(model, position);
}
