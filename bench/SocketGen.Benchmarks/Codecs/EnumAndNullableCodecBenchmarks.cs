using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>An enum (its underlying int) and a nullable value type (a presence byte, then the value when present).</summary>
[MemoryDiagnoser]
public class EnumAndNullableCodecBenchmarks
{
    private byte[] _enum = [];
    private byte[] _nullablePresent = [];
    private byte[] _nullableAbsent = [];

    [GlobalSetup]
    public void Setup()
    {
        _enum = WireCodec.VerifyRoundTrip(C.EnumAsyncResultEncoder, C.EnumAsyncResultDecoder, OrderStatus.Shipped, (a, b) => a == b);
        _nullablePresent = WireCodec.VerifyRoundTrip(C.NullableInt32AsyncResultEncoder, C.NullableInt32AsyncResultDecoder, 42, (a, b) => a == b);
        _nullableAbsent = WireCodec.VerifyRoundTrip(C.NullableInt32AsyncResultEncoder, C.NullableInt32AsyncResultDecoder, null, (a, b) => a is null && b is null);
    }

    [Benchmark]
    public int EncodeEnum() => WireCodec.Encode(C.EnumAsyncResultEncoder, OrderStatus.Shipped);

    [Benchmark]
    public OrderStatus DecodeEnum() => WireCodec.Decode(C.EnumAsyncResultDecoder, _enum);

    [Benchmark]
    public int EncodeNullablePresent() => WireCodec.Encode(C.NullableInt32AsyncResultEncoder, 42);

    [Benchmark]
    public int? DecodeNullablePresent() => WireCodec.Decode(C.NullableInt32AsyncResultDecoder, _nullablePresent);

    [Benchmark]
    public int EncodeNullableAbsent() => WireCodec.Encode(C.NullableInt32AsyncResultEncoder, null);

    [Benchmark]
    public int? DecodeNullableAbsent() => WireCodec.Decode(C.NullableInt32AsyncResultDecoder, _nullableAbsent);
}
