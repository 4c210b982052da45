using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>Strings: an int32 byte length, then UTF-8. ASCII text takes the transcoder's fast path; mixed text does not.</summary>
[MemoryDiagnoser]
public class StringCodecBenchmarks
{
    private string _value = "";
    private byte[] _payload = [];

    /// <summary>The string's length in UTF-16 chars.</summary>
    [Params(16, 1024, 16384)]
    public int Length { get; set; }

    /// <summary>Ascii: every char one UTF-8 byte. Mixed: one char in four is 'é' (2 bytes) or '€' (3 bytes).</summary>
    [Params(TextKind.Ascii, TextKind.Mixed)]
    public TextKind Text { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _value = string.Create(Length, Text, static (chars, text) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = text == TextKind.Mixed && i % 4 == 3 ? (i % 8 == 3 ? 'é' : '€') : (char)('a' + (i % 26));
            }
        });
        _payload = WireCodec.VerifyRoundTrip(C.StringAsyncResultEncoder, C.StringAsyncResultDecoder, _value, string.Equals);
    }

    [Benchmark]
    public int Encode() => WireCodec.Encode(C.StringAsyncResultEncoder, _value);

    [Benchmark]
    public string? Decode() => WireCodec.Decode(C.StringAsyncResultDecoder, _payload);

    /// <summary>The kind of text a string benchmark encodes.</summary>
    public enum TextKind
    {
        Ascii,
        Mixed,
    }
}
