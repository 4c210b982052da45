using System.Text;

namespace SocketGen.Generators.Parsing;

/// <summary>
/// Derives a method's wire id from its canonical signature, so ids stay the same across recompiles and
/// member reordering, and a client and server built from the same contract always agree.
/// </summary>
internal static class MethodIds
{
    /// <summary>
    /// The 32-bit FNV-1a hash of the UTF-8 signature (for example <c>int AddAsync(int, int)</c>). Id 0 is
    /// reserved, so a hash of 0 becomes 1.
    /// </summary>
    public static uint FromSignature(string signature)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;

        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(signature))
        {
            hash ^= b;
            hash = unchecked(hash * prime);
        }

        return hash == 0 ? 1 : hash;
    }
}
