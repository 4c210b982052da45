using System.Collections.Immutable;
using System.Net;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>The types issue 15 added, through a generated client and server, and bytes their decoders refuse.</summary>
public sealed class RicherTypesTests
{
    private static readonly WireDecoder<int> s_readInt32 = static (ref WireReader reader) => reader.ReadInt32();

    [Fact]
    public async Task Every_new_type_round_trips_as_a_field()
    {
        await using var host = await Host.StartAsync();
        var value = new Schedule(
            Day: DateOnly.MaxValue, Start: TimeOnly.MaxValue, Weight: (Half)(-0.333f), Signed: Int128.MinValue,
            Unsigned: UInt128.MaxValue, MaybeDay: DateOnly.MinValue, Owner: (7, "seven"),
            MaybeSlot: (new DateOnly(2026, 12, 7), null), Nested: ((1, -1), null), Slots: [3, 1, 2],
            Notes: ["a", null], Tags: ["x", "y"], Stops: [new Point(1, 2)], Log: new long[] { long.MinValue, 0 });

        Schedule echoed = await host.Client.EchoScheduleAsync(value).WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(value.Day, echoed.Day);
        Assert.Equal(value.Start, echoed.Start);
        Assert.Equal(BitConverter.HalfToUInt16Bits(value.Weight), BitConverter.HalfToUInt16Bits(echoed.Weight));
        Assert.Equal(value.Signed, echoed.Signed);
        Assert.Equal(value.Unsigned, echoed.Unsigned);
        Assert.Equal(value.MaybeDay, echoed.MaybeDay);
        Assert.Equal(value.Owner, echoed.Owner);
        Assert.Equal(value.MaybeSlot, echoed.MaybeSlot);
        Assert.Equal(value.Nested, echoed.Nested);
        Assert.Equal([3, 1, 2], echoed.Slots.ToArray());
        Assert.Equal(new string?[] { "a", null }, (IEnumerable<string?>)echoed.Notes);
        Assert.True(echoed.Tags.SetEquals(["x", "y"]));
        Assert.Equal([new Point(1, 2)], echoed.Stops);
        Assert.Equal([long.MinValue, 0], echoed.Log);
    }

    [Fact]
    public async Task Defaults_and_empties_round_trip_and_a_default_immutable_array_arrives_as_default()
    {
        await using var host = await Host.StartAsync();
        var value = new Schedule(default, default, Half.NaN, default, default, null, default, null, default, default, ImmutableArray<string?>.Empty, [], [], []);

        Schedule echoed = await host.Client.EchoScheduleAsync(value).WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(value.Day, echoed.Day);
        Assert.True(Half.IsNaN(echoed.Weight));
        Assert.Null(echoed.MaybeDay);
        Assert.Equal((0, null!), echoed.Owner);
        Assert.Null(echoed.MaybeSlot);
        Assert.True(echoed.Slots.IsDefault);
        Assert.False(echoed.Notes.IsDefault);
        Assert.Empty(echoed.Notes);
        Assert.Empty(echoed.Tags);
        Assert.Empty(echoed.Stops);
        Assert.Empty(echoed.Log);
    }

    [Fact]
    public async Task An_immutable_array_is_written_exactly_as_an_array_so_either_reads_the_other()
    {
        await using var host = await Host.StartAsync();
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
        await using RpcConnection connection = await RpcConnection.ConnectAsync(host.EndPoint, null, timeout.Token);
        WireEncoder<int[]?> asArray = static (ref WireWriter writer, int[]? days) =>
        {
            writer.WriteInt32(new DateOnly(2026, 1, 1).DayNumber);
            writer.WriteInt32(2);
        };
        WireDecoder<DateOnly[]?> readArray = static (ref WireReader reader) =>
        {
            if (!reader.ReadHasValue())
            {
                return null;
            }

            var days = new DateOnly[reader.ReadCount()];
            for (int i = 0; i < days.Length; i++)
            {
                days[i] = reader.ReadDateOnly();
            }

            return days;
        };

        // DaysAsync answers ImmutableArray<DateOnly>; read here as DateOnly[]: a presence byte, a count, the days.
        DateOnly[]? days = await connection.InvokeAsync(RicherTypesServiceCodecs.DaysAsyncId, null, asArray, readArray, timeout.Token);

        Assert.NotNull(days);
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2)], days);
    }

    [Fact]
    public async Task Tuples_sequences_sets_and_wide_numbers_travel_as_parameters_and_results()
    {
        await using var host = await Host.StartAsync();
        var client = host.Client;
        Guid id = Guid.NewGuid();

        (int sum, string joined) = await client.SummarizeAsync(Enumerable.Range(1, 4).Where(n => n % 2 == 0), new List<string> { "a", "b" }).WaitAsync(EndToEndHost.Timeout);
        Assert.Equal((6, "a+b"), (sum, joined));
        Assert.Equal((2, 1), await client.SwapAsync((1, 2)).AsTask().WaitAsync(EndToEndHost.Timeout));
        Assert.Equal(2, await client.CountDistinctAsync([id, Guid.Empty]).WaitAsync(EndToEndHost.Timeout));
        ImmutableArray<DateOnly> days = await client.DaysAsync(new DateOnly(2026, 12, 31), 2).WaitAsync(EndToEndHost.Timeout);
        Assert.Equal([new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1)], days.ToArray());
        Assert.Null(await client.EchoSetAsync(null).WaitAsync(EndToEndHost.Timeout));
        Assert.True((await client.EchoSetAsync([Half.One, Half.MaxValue]).WaitAsync(EndToEndHost.Timeout))!.SetEquals([Half.One, Half.MaxValue]));
        Assert.Equal(
            [TimeOnly.MinValue, new TimeOnly(12, 30)],
            await client.EchoTimesAsync([TimeOnly.MinValue, new TimeOnly(12, 30)]).WaitAsync(EndToEndHost.Timeout));
        Assert.Equal(UInt128.MaxValue, await client.AddWideAsync(UInt128.MaxValue - 5, 5).WaitAsync(EndToEndHost.Timeout));
    }

    public static TheoryData<string> HostilePayloads => ["repeated set element", "day number past DateOnly.MaxValue", "negative day number", "ticks past midnight", "count past the payload"];

    [Theory]
    [MemberData(nameof(HostilePayloads))]
    public async Task Out_of_range_values_and_bad_counts_are_protocol_violations_and_the_method_never_runs(string payload)
    {
        var service = new CountingService();
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
        SocketServer server = await RicherTypesServiceServer.StartAsync(service, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
        try
        {
            await using RpcConnection connection = await RpcConnection.ConnectAsync(server.LocalEndPoint, null, timeout.Token);
            (uint methodId, WireEncoder<bool> encode) = Request(payload);

            Task<int> call = connection.InvokeAsync(methodId, true, encode, s_readInt32, timeout.Token).AsTask();

            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => call);
            Assert.IsType<ProtocolViolationException>(error);
            Assert.Equal(0, service.Runs);
        }
        finally
        {
            await server.StopAsync(timeout.Token);
        }
    }

    private static (uint MethodId, WireEncoder<bool> Encode) Request(string payload) => payload switch
    {
        "repeated set element" => (RicherTypesServiceCodecs.CountDistinctAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(2);
            writer.WriteGuid(Guid.Empty);
            writer.WriteGuid(Guid.Empty);
        }),
        "day number past DateOnly.MaxValue" => (RicherTypesServiceCodecs.DaysAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteInt32(DateOnly.MaxValue.DayNumber + 1);
            writer.WriteInt32(1);
        }),
        "negative day number" => (RicherTypesServiceCodecs.DaysAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteInt32(-1);
            writer.WriteInt32(1);
        }),
        "ticks past midnight" => (RicherTypesServiceCodecs.EchoTimesAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(1);
            writer.WriteInt64(TimeSpan.TicksPerDay);
        }),
        _ => (RicherTypesServiceCodecs.SummarizeAsyncId, static (ref WireWriter writer, bool _) =>
        {
            writer.WriteHasValue(true);
            writer.WriteCount(1000);
            writer.WriteInt32(1);
        }),
    };

    /// <summary>Counts the calls that reached it: a refused payload must reach none.</summary>
    private sealed class CountingService : IRicherTypesService
    {
        private readonly RicherTypesService _inner = new();
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<Schedule> EchoScheduleAsync(Schedule schedule) => Run(_inner.EchoScheduleAsync(schedule));

        public Task<(int Sum, string Joined)> SummarizeAsync(IEnumerable<int> numbers, IReadOnlyCollection<string> words) => Run(_inner.SummarizeAsync(numbers, words));

        public Task<int> CountDistinctAsync(HashSet<Guid> ids) => Run(_inner.CountDistinctAsync(ids));

        public ValueTask<(int, int)> SwapAsync((int A, int B) pair) => new(Run(_inner.SwapAsync(pair).AsTask()));

        public Task<ImmutableArray<DateOnly>> DaysAsync(DateOnly from, int count) => Run(_inner.DaysAsync(from, count));

        public Task<HashSet<Half>?> EchoSetAsync(HashSet<Half>? set) => Run(_inner.EchoSetAsync(set));

        public Task<IEnumerable<TimeOnly>> EchoTimesAsync(IEnumerable<TimeOnly> times) => Run(_inner.EchoTimesAsync(times));

        public Task<UInt128> AddWideAsync(UInt128 a, Int128 b) => Run(_inner.AddWideAsync(a, b));

        private Task<T> Run<T>(Task<T> task)
        {
            Interlocked.Increment(ref _runs);
            return task;
        }
    }

    private sealed class Host : IAsyncDisposable
    {
        private readonly SocketServer _server;

        private Host(SocketServer server, RicherTypesServiceClient client)
        {
            _server = server;
            Client = client;
        }

        public RicherTypesServiceClient Client { get; }

        public EndPoint EndPoint => _server.LocalEndPoint;

        public static async Task<Host> StartAsync()
        {
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            SocketServer server = await RicherTypesServiceServer.StartAsync(new RicherTypesService(), new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
            RicherTypesServiceClient client = await RicherTypesServiceClient.ConnectAsync(server.LocalEndPoint, cancellationToken: timeout.Token);
            return new Host(server, client);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            await _server.StopAsync(timeout.Token);
        }
    }
}
