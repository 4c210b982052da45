using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>Collections: an int32 count, then the elements (pairs for a dictionary).</summary>
[MemoryDiagnoser]
public class CollectionCodecBenchmarks
{
    private int[] _int32Array = [];
    private List<string> _stringList = [];
    private Dictionary<string, int> _dictionary = [];
    private Point[] _pointArray = [];
    private byte[] _int32ArrayPayload = [];
    private byte[] _stringListPayload = [];
    private byte[] _dictionaryPayload = [];
    private byte[] _pointArrayPayload = [];

    /// <summary>The number of elements.</summary>
    [Params(16, 1024)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _int32Array = Enumerable.Range(0, Count).Select(i => i * 7919).ToArray();
        _stringList = Enumerable.Range(0, Count).Select(i => "item-" + i).ToList();
        _dictionary = Enumerable.Range(0, Count).ToDictionary(i => "key-" + i, i => i);
        _pointArray = Enumerable.Range(0, Count).Select(i => new Point(i, -i)).ToArray();

        _int32ArrayPayload = WireCodec.VerifyRoundTrip(C.Int32ArrayAsyncResultEncoder, C.Int32ArrayAsyncResultDecoder, _int32Array, (a, b) => a.SequenceEqual(b));
        _stringListPayload = WireCodec.VerifyRoundTrip(C.StringListAsyncResultEncoder, C.StringListAsyncResultDecoder, _stringList, (a, b) => a.SequenceEqual(b));
        _dictionaryPayload = WireCodec.VerifyRoundTrip(C.DictionaryAsyncResultEncoder, C.DictionaryAsyncResultDecoder, _dictionary, SameEntries);
        _pointArrayPayload = WireCodec.VerifyRoundTrip(C.PointArrayAsyncResultEncoder, C.PointArrayAsyncResultDecoder, _pointArray, (a, b) => a.SequenceEqual(b));
    }

    [Benchmark]
    public int EncodeInt32Array() => WireCodec.Encode(C.Int32ArrayAsyncResultEncoder, _int32Array);

    [Benchmark]
    public int[] DecodeInt32Array() => WireCodec.Decode(C.Int32ArrayAsyncResultDecoder, _int32ArrayPayload);

    [Benchmark]
    public int EncodeStringList() => WireCodec.Encode(C.StringListAsyncResultEncoder, _stringList);

    [Benchmark]
    public List<string> DecodeStringList() => WireCodec.Decode(C.StringListAsyncResultDecoder, _stringListPayload);

    [Benchmark]
    public int EncodeDictionary() => WireCodec.Encode(C.DictionaryAsyncResultEncoder, _dictionary);

    [Benchmark]
    public Dictionary<string, int> DecodeDictionary() => WireCodec.Decode(C.DictionaryAsyncResultDecoder, _dictionaryPayload);

    [Benchmark]
    public int EncodePointArray() => WireCodec.Encode(C.PointArrayAsyncResultEncoder, _pointArray);

    [Benchmark]
    public Point[] DecodePointArray() => WireCodec.Decode(C.PointArrayAsyncResultDecoder, _pointArrayPayload);

    internal static bool SameEntries<TValue>(Dictionary<string, TValue> a, Dictionary<string, TValue> b)
        => a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out TValue? value) && EqualityComparer<TValue>.Default.Equals(pair.Value, value));
}
