using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>
/// Binary payloads: byte[] (nullable, a fresh array on decode) and ReadOnlyMemory&lt;byte&gt; (never null,
/// also copied out of the frame on decode). Sizes are the load harness's Echo payloads: 16 B, 4 KiB, 256 KiB.
/// </summary>
[MemoryDiagnoser]
public class ByteArrayCodecBenchmarks
{
    private byte[] _value = [];
    private byte[] _byteArrayPayload = [];
    private byte[] _bytesPayload = [];

    /// <summary>The payload's size in bytes.</summary>
    [Params(16, 4096, 262144)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _value = new byte[Size];
        new Random(Size).NextBytes(_value);
        _byteArrayPayload = WireCodec.VerifyRoundTrip(C.ByteArrayAsyncResultEncoder, C.ByteArrayAsyncResultDecoder, _value, (a, b) => a.AsSpan().SequenceEqual(b));
        _bytesPayload = WireCodec.VerifyRoundTrip(C.BytesAsyncResultEncoder, C.BytesAsyncResultDecoder, _value, (a, b) => a.Span.SequenceEqual(b.Span));
    }

    [Benchmark]
    public int EncodeByteArray() => WireCodec.Encode(C.ByteArrayAsyncResultEncoder, _value);

    [Benchmark]
    public byte[]? DecodeByteArray() => WireCodec.Decode(C.ByteArrayAsyncResultDecoder, _byteArrayPayload);

    [Benchmark]
    public int EncodeReadOnlyMemory() => WireCodec.Encode(C.BytesAsyncResultEncoder, _value);

    [Benchmark]
    public ReadOnlyMemory<byte> DecodeReadOnlyMemory() => WireCodec.Decode(C.BytesAsyncResultDecoder, _bytesPayload);
}
