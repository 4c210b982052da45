using SocketGen.Serialization;

namespace SocketGen.Tests.Serialization;

/// <summary>Encodes and decodes through the real writer and reader, as the engine does.</summary>
internal static class WireCodec
{
    public static byte[] Encode<T>(T value, WireEncoder<T> encoder, int limit = int.MaxValue)
    {
        var buffer = new WireBuffer();
        var writer = new WireWriter(buffer);
        encoder(ref writer, value);
        return buffer.WrittenSpan.ToArray();
    }

    public static T Decode<T>(byte[] bytes, WireDecoder<T> decoder)
    {
        var reader = new WireReader(bytes);
        return decoder(ref reader);
    }

    public static T RoundTrip<T>(T value, WireEncoder<T> encoder, WireDecoder<T> decoder) => Decode(Encode(value, encoder), decoder);
}
