using SocketGen;

namespace SocketGen.Benchmarks.Codecs;

// A contract whose only purpose is to make the real generator emit a codec for every type family the
// wire format carries (docs/wire-format.md §6.2). Each method's result type is one family: the generated
// ICodecContractCodecs class then holds a cached WireEncoder and WireDecoder for it, which is exactly what
// the client and server engines call. Nothing implements or calls this contract over a socket.

/// <summary>One method per type family; the benchmarks use the result codecs the generator emits.</summary>
[SocketContract]
internal interface ICodecContract
{
    ValueTask NothingAsync();

    ValueTask<bool> BooleanAsync(bool value);

    ValueTask<int> Int32Async(int value);

    ValueTask<long> Int64Async(long value);

    ValueTask<double> DoubleAsync(double value);

    ValueTask<decimal> DecimalAsync(decimal value);

    ValueTask<Guid> GuidAsync(Guid value);

    ValueTask<DateTime> DateTimeAsync(DateTime value);

    ValueTask<DateTimeOffset> DateTimeOffsetAsync(DateTimeOffset value);

    ValueTask<TimeSpan> TimeSpanAsync(TimeSpan value);

    ValueTask<OrderStatus> EnumAsync(OrderStatus value);

    ValueTask<int?> NullableInt32Async(int? value);

    ValueTask<string?> StringAsync(string? value);

    ValueTask<byte[]?> ByteArrayAsync(byte[]? value);

    ValueTask<ReadOnlyMemory<byte>> BytesAsync(ReadOnlyMemory<byte> value);

    ValueTask<int[]> Int32ArrayAsync(int[] value);

    ValueTask<List<string>> StringListAsync(List<string> value);

    ValueTask<Dictionary<string, int>> DictionaryAsync(Dictionary<string, int> value);

    ValueTask<Point> PointAsync(Point value);

    ValueTask<Order> OrderAsync(Order value);

    ValueTask<Point[]> PointArrayAsync(Point[] value);
}

/// <summary>An enum with an int underlying type: travels as its int.</summary>
public enum OrderStatus
{
    Open,
    Shipped,
    Cancelled,
}

/// <summary>A small positional record: the cost of the object envelope (field count, byte length) around two ints.</summary>
public sealed record Point(int X, int Y);

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>A customer, nested inside an order.</summary>
public sealed record Customer(Guid Id, string Name, string? Email);

/// <summary>An object graph: nested object, nullable reference, list of objects, dictionary, enum, timestamps.</summary>
public sealed record Order(
    long Id,
    Customer Customer,
    OrderStatus Status,
    DateTimeOffset PlacedAt,
    DateTime? ShippedAt,
    List<OrderLine> Lines,
    Dictionary<string, string> Tags,
    string? Note);
