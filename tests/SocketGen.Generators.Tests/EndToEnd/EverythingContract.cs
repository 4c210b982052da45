using SocketGen;

namespace SocketGen.Generators.Tests.EndToEnd;

// The contract the end-to-end tests call: every supported type, every return shape, a base contract.
// The generator runs over this file when the test project builds.

public enum Mood : short
{
    Sad = -1,
    Calm = 0,
    Happy = 1,
}

public sealed record Point(int X, int Y);

public readonly record struct Size(double Width, double Height);

public sealed record Node(int Value, Node? Next, List<Node> Children);

public sealed class Settable
{
    public int Id { get; set; }

    public string Name { get; init; } = "";

    public List<Point> Items { get; set; } = [];

    public int Doubled => Id * 2;
}

public sealed record Everything(
    bool Flag, byte Byte, sbyte SByte, short Int16, ushort UInt16, int Int32, uint UInt32, long Int64, ulong UInt64,
    char Char, float Single, double Double, decimal Decimal, Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset,
    TimeSpan TimeSpan, string Text, string? MaybeText, byte[] Data, byte[]? MaybeData, ReadOnlyMemory<byte> Memory,
    Mood Mood, Mood? MaybeMood, int? MaybeNumber, int[] Numbers, List<string> Names, IReadOnlyList<Point> Points,
    Dictionary<string, int> Counts, Point? MaybePoint, Size Size, Size? MaybeSize, Settable Settable, int[][] Jagged,
    List<string?> MaybeNames);

[SocketContract]
public interface IHealthCheck
{
    Task<bool> IsHealthyAsync();
}

[SocketContract]
public interface IEverythingService : IHealthCheck
{
    Task<Everything> EchoEverythingAsync(Everything value);

    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    Task<string?> EchoAsync(string? text);

    Task<Point[]> MirrorAsync(IReadOnlyList<Point> points);

    ValueTask<Node?> EchoTreeAsync(Node? node);

    Task<Dictionary<string, List<Point?>?>> EchoMapAsync(Dictionary<string, List<Point?>?> map);

    ValueTask<ReadOnlyMemory<byte>> EchoBytesAsync(ReadOnlyMemory<byte> bytes);

    Task<int?> EchoNullableAsync(int? value);

    ValueTask<Mood> EchoMoodAsync(Mood mood);

    ValueTask<DateTimeOffset> NowAsync();

    Task NothingAsync();

    IAsyncEnumerable<int> CountAsync(int upTo, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Point> PointsAsync(int count);

    Task<int> DelayedEchoAsync(int value, int delayMilliseconds, CancellationToken cancellationToken = default);

    Task<int> WaitForCancellationAsync(CancellationToken cancellationToken);

    Task FailAsync(string message);

    ValueTask<int> FailSynchronouslyAsync();

    [OneWay]
    ValueTask RecordAsync(string line);

    Task<string[]> RecordedAsync();

    [Method(Id = 1000)]
    Task<int> PinnedAsync(int value);
}
