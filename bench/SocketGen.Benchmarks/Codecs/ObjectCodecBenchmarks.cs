using BenchmarkDotNet.Attributes;
using C = SocketGen.Benchmarks.Codecs.CodecContractCodecs;

namespace SocketGen.Benchmarks.Codecs;

/// <summary>
/// Records as objects: a field count and byte length around the fields. Point is the envelope around two
/// ints; Order is an object graph (nested record, enum, timestamps, a nullable, a list of records, a dictionary).
/// </summary>
[MemoryDiagnoser]
public class ObjectCodecBenchmarks
{
    private static readonly Point s_point = new(3, -4);

    private Order _order = null!;
    private byte[] _pointPayload = [];
    private byte[] _orderPayload = [];

    [GlobalSetup]
    public void Setup()
    {
        _order = new Order(
            Id: 1_000_042,
            Customer: new Customer(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), "Ada Lovelace", "ada@example.org"),
            Status: OrderStatus.Shipped,
            PlacedAt: new DateTimeOffset(2026, 11, 20, 18, 30, 0, TimeSpan.FromHours(-5)),
            ShippedAt: new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc),
            Lines: Enumerable.Range(1, 5).Select(i => new OrderLine("SKU-" + i, i, 9.99m * i)).ToList(),
            Tags: new Dictionary<string, string> { ["channel"] = "web", ["priority"] = "high", ["gift"] = "no" },
            Note: null);

        _pointPayload = WireCodec.VerifyRoundTrip(C.PointAsyncResultEncoder, C.PointAsyncResultDecoder, s_point, (a, b) => a == b);
        _orderPayload = WireCodec.VerifyRoundTrip(C.OrderAsyncResultEncoder, C.OrderAsyncResultDecoder, _order, SameOrder);
    }

    [Benchmark]
    public int EncodePoint() => WireCodec.Encode(C.PointAsyncResultEncoder, s_point);

    [Benchmark]
    public Point DecodePoint() => WireCodec.Decode(C.PointAsyncResultDecoder, _pointPayload);

    [Benchmark]
    public int EncodeOrder() => WireCodec.Encode(C.OrderAsyncResultEncoder, _order);

    [Benchmark]
    public Order DecodeOrder() => WireCodec.Decode(C.OrderAsyncResultDecoder, _orderPayload);

    // Records compare List and Dictionary members by reference; compare their contents instead.
    private static bool SameOrder(Order a, Order b)
        => a.Id == b.Id
            && a.Customer == b.Customer
            && a.Status == b.Status
            && a.PlacedAt.EqualsExact(b.PlacedAt)
            && a.ShippedAt == b.ShippedAt && a.ShippedAt?.Kind == b.ShippedAt?.Kind
            && a.Lines.SequenceEqual(b.Lines)
            && CollectionCodecBenchmarks.SameEntries(a.Tags, b.Tags)
            && a.Note == b.Note;
}
