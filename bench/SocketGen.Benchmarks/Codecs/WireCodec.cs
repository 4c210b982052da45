using System.Runtime.CompilerServices;
using SocketGen.Serialization;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>
/// Runs a generated encoder or decoder the way the engine does. Encoding follows FrameWriter.WriteFrame:
/// rent the thread's WireBuffer, encode into a WireWriter over it, take the written bytes, return the
/// buffer. Decoding follows the read loops: a WireReader over the payload span, then the decoder.
/// </summary>
/// <remarks>
/// WireBuffer and the WireWriter/WireReader constructors are internal to SocketGen and this assembly has no
/// InternalsVisibleTo, so they are reached with [UnsafeAccessor]: the JIT binds these to the real members of
/// SocketGen.dll (no reflection, no copy of the code), so what is measured is the shipped runtime.
/// </remarks>
internal static class WireCodec
{
    /// <summary>The engine's default maximum payload (SocketServerOptions / SocketClientOptions).</summary>
    public const int MaxPayloadLength = 1024 * 1024;

    private const string WireBufferType = "SocketGen.Serialization.WireBuffer, SocketGen";

    /// <summary>Encodes <paramref name="value"/> as the engine does before framing it; returns the payload length.</summary>
    public static int Encode<T>(WireEncoder<T> encoder, T value)
    {
        object buffer = RentBuffer(null, MaxPayloadLength);
        try
        {
            WireWriter writer = NewWriter(buffer);
            encoder(ref writer, value);
            return WrittenSpan(buffer).Length;
        }
        finally
        {
            ReturnBuffer(null, buffer);
        }
    }

    /// <summary>Decodes one value from a payload as the engine does when a frame arrives.</summary>
    public static T Decode<T>(WireDecoder<T> decoder, ReadOnlySpan<byte> payload)
    {
        WireReader reader = NewReader(payload);
        return decoder(ref reader);
    }

    /// <summary>
    /// Encodes <paramref name="value"/>, decodes the bytes and checks the result with <paramref name="equal"/>,
    /// so a broken codec fails the benchmark's setup instead of producing a fast number.
    /// </summary>
    /// <returns>The encoded payload, for the decode benchmark.</returns>
    /// <exception cref="InvalidOperationException">The round trip did not give back an equal value, or left bytes unread.</exception>
    public static byte[] VerifyRoundTrip<T>(WireEncoder<T> encoder, WireDecoder<T> decoder, T value, Func<T, T, bool> equal)
    {
        byte[] payload = EncodeToArray(encoder, value);
        WireReader reader = NewReader(payload);
        T decoded = decoder(ref reader);
        if (reader.BytesRemaining != 0)
        {
            throw new InvalidOperationException($"Decoding {typeof(T).Name} left {reader.BytesRemaining} of {payload.Length} bytes unread.");
        }

        if (!equal(value, decoded))
        {
            throw new InvalidOperationException($"{typeof(T).Name} did not survive an encode/decode round trip.");
        }

        if (Encode(encoder, value) != payload.Length)
        {
            throw new InvalidOperationException($"Encoding {typeof(T).Name} twice gave different lengths.");
        }

        return payload;
    }

    private static byte[] EncodeToArray<T>(WireEncoder<T> encoder, T value)
    {
        object buffer = RentBuffer(null, MaxPayloadLength);
        try
        {
            WireWriter writer = NewWriter(buffer);
            encoder(ref writer, value);
            return WrittenSpan(buffer).ToArray();
        }
        finally
        {
            ReturnBuffer(null, buffer);
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Rent")]
    [return: UnsafeAccessorType(WireBufferType)]
    private static extern object RentBuffer([UnsafeAccessorType(WireBufferType)] object? type, int limit);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Return")]
    private static extern void ReturnBuffer([UnsafeAccessorType(WireBufferType)] object? type, [UnsafeAccessorType(WireBufferType)] object buffer);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_WrittenSpan")]
    private static extern ReadOnlySpan<byte> WrittenSpan([UnsafeAccessorType(WireBufferType)] object buffer);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern WireWriter NewWriter([UnsafeAccessorType(WireBufferType)] object buffer);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern WireReader NewReader(ReadOnlySpan<byte> payload);
}
