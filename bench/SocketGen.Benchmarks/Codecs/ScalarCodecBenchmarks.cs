using BenchmarkDotNet.Attributes;
using SocketGen.Serialization;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>Integers, booleans and floating point: one fixed-size big-endian value each.</summary>
[MemoryDiagnoser]
public class ScalarCodecBenchmarks
{
    private byte[] _boolean = [];
    private byte[] _int32 = [];
    private byte[] _int64 = [];
    private byte[] _double = [];
    private byte[] _decimal = [];

    [GlobalSetup]
    public void Setup()
    {
        if (WireCodec.Encode(C.NothingAsyncArgumentsEncoder, false) != 0)
        {
            throw new InvalidOperationException("The arguments of a method without parameters are not empty.");
        }

        _boolean = WireCodec.VerifyRoundTrip(C.BooleanAsyncResultEncoder, C.BooleanAsyncResultDecoder, true, (a, b) => a == b);
        _int32 = WireCodec.VerifyRoundTrip(C.Int32AsyncResultEncoder, C.Int32AsyncResultDecoder, -123_456_789, (a, b) => a == b);
        _int64 = WireCodec.VerifyRoundTrip(C.Int64AsyncResultEncoder, C.Int64AsyncResultDecoder, long.MinValue + 7, (a, b) => a == b);
        _double = WireCodec.VerifyRoundTrip(C.DoubleAsyncResultEncoder, C.DoubleAsyncResultDecoder, Math.PI, (a, b) => a.Equals(b));
        _decimal = WireCodec.VerifyRoundTrip(C.DecimalAsyncResultEncoder, C.DecimalAsyncResultDecoder, -79_228_162_514.264337593543950335m, (a, b) => a == b && decimal.GetBits(a).SequenceEqual(decimal.GetBits(b)));
    }

    /// <summary>The fixed cost every encode pays: rent the thread's buffer, run the encoder (here one that writes nothing), return it.</summary>
    [Benchmark]
    public int EncodeNothing() => WireCodec.Encode(C.NothingAsyncArgumentsEncoder, false);

    [Benchmark]
    public int EncodeBoolean() => WireCodec.Encode(C.BooleanAsyncResultEncoder, true);

    [Benchmark]
    public bool DecodeBoolean() => WireCodec.Decode(C.BooleanAsyncResultDecoder, _boolean);

    [Benchmark]
    public int EncodeInt32() => WireCodec.Encode(C.Int32AsyncResultEncoder, -123_456_789);

    [Benchmark]
    public int DecodeInt32() => WireCodec.Decode(C.Int32AsyncResultDecoder, _int32);

    [Benchmark]
    public int EncodeInt64() => WireCodec.Encode(C.Int64AsyncResultEncoder, long.MinValue + 7);

    [Benchmark]
    public long DecodeInt64() => WireCodec.Decode(C.Int64AsyncResultDecoder, _int64);

    [Benchmark]
    public int EncodeDouble() => WireCodec.Encode(C.DoubleAsyncResultEncoder, Math.PI);

    [Benchmark]
    public double DecodeDouble() => WireCodec.Decode(C.DoubleAsyncResultDecoder, _double);

    [Benchmark]
    public int EncodeDecimal() => WireCodec.Encode(C.DecimalAsyncResultEncoder, -79_228_162_514.264337593543950335m);

    [Benchmark]
    public decimal DecodeDecimal() => WireCodec.Decode(C.DecimalAsyncResultDecoder, _decimal);
}
