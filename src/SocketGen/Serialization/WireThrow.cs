using System.Diagnostics.CodeAnalysis;

namespace SocketGen.Serialization;

/// <summary>Throw helpers, kept out of line so the hot read and write paths stay small.</summary>
internal static class WireThrow
{
    [DoesNotReturn]
    public static void Truncated(int needed, int remaining) =>
        throw new ProtocolViolationException($"The payload ended early: {needed} more bytes were expected, {remaining} remain.");

    [DoesNotReturn]
    public static void Invalid(string what) =>
        throw new ProtocolViolationException($"The payload is malformed: {what}.");

    [DoesNotReturn]
    public static void Invalid(string what, Exception inner) =>
        throw new ProtocolViolationException($"The payload is malformed: {what}.", inner);

    [DoesNotReturn]
    public static void NestedTooDeep(int maxDepth) =>
        throw new ProtocolViolationException($"Objects nest deeper than {maxDepth} levels; a cyclic object graph cannot be written.");

    [DoesNotReturn]
    public static void TooLarge(long length, int limit) =>
        throw new LimitExceededException($"The message needs {length} bytes, more than the maximum frame payload of {limit} bytes.");
}
