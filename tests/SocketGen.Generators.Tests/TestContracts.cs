namespace SocketGen.Generators.Tests;

/// <summary>Representative contracts, shared by the snapshot, compile and robustness tests.</summary>
internal static class TestContracts
{
    /// <summary>The contract from the issue.</summary>
    public const string Calculator = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Math;

        [SocketContract]
        public partial interface ICalculator
        {
            ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);
            Task<string?> EchoAsync(string? text);
            Task<Point[]> MirrorAsync(IReadOnlyList<Point> points);
            IAsyncEnumerable<int> CountAsync(int upTo, CancellationToken cancellationToken = default);
            [OneWay] ValueTask LogAsync(string line);
        }

        public sealed record Point(int X, int Y);
        """;

    /// <summary>Every type the wire format carries, in parameters and results.</summary>
    public const string AllTypes = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Types;

        public enum Color : byte { Red, Green, Blue }
        public enum Big : long { Small = -1, Large = long.MaxValue }

        public sealed record Scalars(
            bool Boolean, byte Byte, sbyte SByte, short Int16, ushort UInt16, int Int32, uint UInt32,
            long Int64, ulong UInt64, char Char, float Single, double Double, decimal Decimal,
            Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset, TimeSpan TimeSpan);

        public sealed record References(string Text, string? MaybeText, byte[] Data, byte[]? MaybeData, ReadOnlyMemory<byte> Memory);

        public sealed record Collections(
            int[] Numbers, List<string> Names, IReadOnlyList<Color> Colors, Dictionary<string, int> Counts,
            Dictionary<int, List<string?>?> Nested, int[][] Jagged, List<string?> MaybeNames);

        public sealed record Nullables(int? MaybeNumber, Color? MaybeColor, Big? MaybeBig, Inner? MaybeInner, InnerStruct? MaybeStruct);

        public sealed record Inner(string Name);

        public readonly record struct InnerStruct(int Value, Color Color);

        public sealed class Settable
        {
            public int Id { get; set; }
            public string Name { get; init; } = "";
            public List<Inner> Items { get; set; } = new();
            public int Computed => Id * 2;
        }

        public sealed class Mixed
        {
            public Mixed(int id) { Id = id; }
            public int Id { get; }
            public required string Label { get; init; }
            public string? Note { get; set; }
        }

        public struct MutableStruct
        {
            public int X { get; set; }
            public double Y { get; set; }
        }

        [SocketContract]
        internal interface IAllTypes
        {
            Task<Scalars> ScalarsAsync(Scalars value);
            Task<References> ReferencesAsync(References value);
            Task<Collections?> CollectionsAsync(Collections? value);
            Task<Nullables> NullablesAsync(Nullables value);
            Task<Settable> SettableAsync(Settable value, Mixed mixed, MutableStruct mutable);
            ValueTask<Color> ColorAsync(Color color, Big big);
            ValueTask<int?> MaybeAsync(int? number, string? text, byte[]? data);
            ValueTask<ReadOnlyMemory<byte>> BytesAsync(ReadOnlyMemory<byte> bytes);
            Task<Dictionary<string, Inner>> MapAsync(Dictionary<string, Inner> map);
            Task<List<InnerStruct>> ListAsync(List<InnerStruct> items, IReadOnlyList<InnerStruct?> maybe);
            ValueTask<DateTimeOffset> NowAsync();
            Task PingAsync();
        }
        """;

    /// <summary>Contracts nested in partial types and in the global namespace.</summary>
    public const string Nested = """
        using System.Threading.Tasks;
        using SocketGen;

        [SocketContract]
        public interface IGlobalEcho
        {
            Task<string> EchoAsync(string text);
        }

        namespace Demo.Nested
        {
            public partial class Outer
            {
                internal partial record struct Middle
                {
                    [SocketContract]
                    private interface IInner
                    {
                        ValueTask<int> DoubleAsync(int value);
                    }
                }
            }
        }
        """;

    /// <summary>A contract that inherits two base contracts.</summary>
    public const string Inherited = """
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Inherited;

        [SocketContract]
        public interface IHealth
        {
            Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);
        }

        public interface IVersioned
        {
            [Method(Id = 7)]
            ValueTask<string> GetVersionAsync();
        }

        [SocketContract]
        public interface IInventory : IHealth, IVersioned
        {
            Task<int> CountAsync(string sku);

            // Not a call: a default implementation stays on the caller's side.
            Task<bool> HasAsync(string sku) => Task.FromResult(true);
        }
        """;

    /// <summary>Overloads, explicit ids, keyword names and default values.</summary>
    public const string Overloads = """
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Overloads;

        public enum Level { Debug, Info = 5 }

        [SocketContract]
        public interface ISender
        {
            Task SendAsync(string text);
            Task SendAsync(int number);
            [Method(Id = 42)] Task SendAsync(string text, int repeat);
            Task<int> @class(int @event, string reader = "r\n", Level level = Level.Info, double ratio = 0.5, long big = 1L, float small = -2.5f, bool flag = true, char letter = 'x', decimal money = 1.25m, int? maybe = null, CancellationToken cancellationToken = default);
            [OneWay] Task FireAsync(int call, int methodId, CancellationToken cancellationToken);
        }
        """;

    /// <summary>A type that refers to itself, directly and through a collection.</summary>
    public const string Recursive = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Trees;

        public sealed record Node(int Value, Node? Next, List<Node> Children);

        public sealed record Box<T>(T Content);

        [SocketContract]
        public interface ITrees
        {
            Task<Node> ReverseAsync(Node list);
            Task<Box<Node>?> WrapAsync(Box<int> box);
        }
        """;

    /// <summary>A contract whose clients implement callbacks: one-way and awaited, with a record type only the callbacks use, and a name shared with a contract method.</summary>
    public const string Callbacks = """
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Chat;

        public sealed record Message(string From, string Text);

        public interface IChatClient
        {
            [OneWay] ValueTask ReceiveAsync(Message message);
            Task<bool> ConfirmAsync(string question, CancellationToken cancellationToken = default);
            Task SendAsync(string text);
        }

        [SocketContract(Callbacks = typeof(IChatClient))]
        public interface IChat
        {
            Task JoinAsync(string room, string nick);
            Task SendAsync(string text);
        }
        """;

    /// <summary>The types issue 15 added: date and time parts, wide and half-width numbers, tuples and more collections.</summary>
    public const string RicherTypes = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Richer;

        public sealed record Slot(DateOnly Day, TimeOnly Start, Half Weight, Int128 Signed, UInt128 Unsigned, (int Id, string? Name) Owner);

        [WireDerived(typeof(Circle), 1)]
        [WireDerived(typeof(Square), 2)]
        public abstract record Shape(string Name);
        public sealed record Circle(string Name, double Radius) : Shape(Name);
        public sealed record Square(string Name, double Side) : Shape(Name);

        [WireDerived(typeof(Admin), 1)]
        public record User(string Login);
        public sealed record Admin(string Login, int Level) : User(Login);

        [SocketContract]
        public interface IRicher
        {
            Task<(int Sum, string Joined)> SummarizeAsync(IEnumerable<int> numbers, IReadOnlyCollection<string> words);
            Task<ImmutableArray<Slot>> SlotsAsync(HashSet<DateOnly> days, (TimeOnly, TimeOnly)? window);
            Task<HashSet<string?>?> TagsAsync(ImmutableArray<Half> weights);
            Task<Shape?> DrawAsync(User user, List<Shape> shapes, Circle circle);
        }
        """;

    /// <summary>Every representative contract, by name.</summary>
    /// <summary>Client, bidirectional and byte streams (wire 1.2).</summary>
    public const string Streams = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using SocketGen;

        namespace Demo.Streams;

        [SocketContract]
        public interface ITransfer
        {
            Task<long> SumAsync(string label, IAsyncEnumerable<int> numbers, CancellationToken cancellationToken = default);
            ValueTask CollectAsync(IAsyncEnumerable<Line> lines);
            IAsyncEnumerable<Line> ChatAsync(IAsyncEnumerable<Line> lines, CancellationToken cancellationToken = default);
            Task<long> UploadAsync(string name, Stream content, CancellationToken cancellationToken = default);
            Task<Stream> DownloadAsync(string name, CancellationToken cancellationToken = default);
            ValueTask<Stream> EchoAsync(Stream content);
        }

        public sealed record Line(string Who, string Text);
        """;

    public static IEnumerable<object[]> All =>
    [
        [nameof(Calculator), Calculator],
        [nameof(AllTypes), AllTypes],
        [nameof(Nested), Nested],
        [nameof(Inherited), Inherited],
        [nameof(Overloads), Overloads],
        [nameof(Recursive), Recursive],
        [nameof(Callbacks), Callbacks],
        [nameof(RicherTypes), RicherTypes],
        [nameof(Streams), Streams],
    ];

    /// <summary>The source of a representative contract by name.</summary>
    public static string Get(string name) => (string)All.Single(a => (string)a[0] == name)[1];
}
