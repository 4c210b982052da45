using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>Guid (16 bytes, RFC 9562 order) and the time types: DateTime (ticks + kind), DateTimeOffset (ticks + offset), TimeSpan (ticks).</summary>
[MemoryDiagnoser]
public class GuidAndTimeCodecBenchmarks
{
    private static readonly Guid s_guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
    private static readonly DateTime s_dateTime = new(2026, 11, 21, 3, 14, 15, 926, DateTimeKind.Utc);
    private static readonly DateTimeOffset s_dateTimeOffset = new(2026, 11, 21, 4, 14, 15, 926, TimeSpan.FromHours(1));
    private static readonly TimeSpan s_timeSpan = TimeSpan.FromMilliseconds(1_234_567.89);

    private byte[] _guid = [];
    private byte[] _dateTime = [];
    private byte[] _dateTimeOffset = [];
    private byte[] _timeSpan = [];

    [GlobalSetup]
    public void Setup()
    {
        _guid = WireCodec.VerifyRoundTrip(C.GuidAsyncResultEncoder, C.GuidAsyncResultDecoder, s_guid, (a, b) => a == b);
        _dateTime = WireCodec.VerifyRoundTrip(C.DateTimeAsyncResultEncoder, C.DateTimeAsyncResultDecoder, s_dateTime, (a, b) => a == b && a.Kind == b.Kind);
        _dateTimeOffset = WireCodec.VerifyRoundTrip(C.DateTimeOffsetAsyncResultEncoder, C.DateTimeOffsetAsyncResultDecoder, s_dateTimeOffset, (a, b) => a.EqualsExact(b));
        _timeSpan = WireCodec.VerifyRoundTrip(C.TimeSpanAsyncResultEncoder, C.TimeSpanAsyncResultDecoder, s_timeSpan, (a, b) => a == b);
    }

    [Benchmark]
    public int EncodeGuid() => WireCodec.Encode(C.GuidAsyncResultEncoder, s_guid);

    [Benchmark]
    public Guid DecodeGuid() => WireCodec.Decode(C.GuidAsyncResultDecoder, _guid);

    [Benchmark]
    public int EncodeDateTime() => WireCodec.Encode(C.DateTimeAsyncResultEncoder, s_dateTime);

    [Benchmark]
    public DateTime DecodeDateTime() => WireCodec.Decode(C.DateTimeAsyncResultDecoder, _dateTime);

    [Benchmark]
    public int EncodeDateTimeOffset() => WireCodec.Encode(C.DateTimeOffsetAsyncResultEncoder, s_dateTimeOffset);

    [Benchmark]
    public DateTimeOffset DecodeDateTimeOffset() => WireCodec.Decode(C.DateTimeOffsetAsyncResultDecoder, _dateTimeOffset);

    [Benchmark]
    public int EncodeTimeSpan() => WireCodec.Encode(C.TimeSpanAsyncResultEncoder, s_timeSpan);

    [Benchmark]
    public TimeSpan DecodeTimeSpan() => WireCodec.Decode(C.TimeSpanAsyncResultDecoder, _timeSpan);
}
