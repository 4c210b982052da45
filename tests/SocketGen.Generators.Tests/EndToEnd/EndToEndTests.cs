using System.Net;
using System.Text.Json;

namespace SocketGen.Generators.Tests.EndToEnd;

public sealed class EndToEndTests
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, IncludeFields = false };

    public static TheoryData<Transport> Transports => [Transport.Tcp, Transport.Unix];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Every_supported_type_round_trips(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        var value = new Everything(
            Flag: true, Byte: 255, SByte: -128, Int16: short.MinValue, UInt16: ushort.MaxValue, Int32: int.MinValue,
            UInt32: uint.MaxValue, Int64: long.MinValue, UInt64: ulong.MaxValue, Char: 'é', Single: float.Epsilon,
            Double: -1.5e300, Decimal: decimal.MaxValue, Guid: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            DateTime: new DateTime(2026, 11, 21, 0, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
            DateTimeOffset: new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)),
            TimeSpan: TimeSpan.FromTicks(-987654321), Text: "héllo, wörld ✓", MaybeText: "maybe", Data: [0, 1, 2, 255],
            MaybeData: [9], Memory: new byte[] { 7, 8, 9 }, Mood: Mood.Sad, MaybeMood: Mood.Happy, MaybeNumber: 42,
            Numbers: [1, -2, 3], Names: ["a", "b"], Points: [new Point(1, 2), new Point(3, 4)],
            Counts: new() { ["x"] = 1, ["y"] = -1 }, MaybePoint: new Point(5, 6), Size: new Size(1.25, 2.5),
            MaybeSize: new Size(3, 4), Settable: new Settable { Id = 7, Name = "seven", Items = [new Point(7, 7)] },
            Jagged: [[1], [], [2, 3]], MaybeNames: ["n", null]);

        var echoed = await host.Client.EchoEverythingAsync(value).WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(Describe(value), Describe(echoed));
        Assert.Equal(DateTimeKind.Utc, echoed.DateTime.Kind);
        Assert.Equal(14, echoed.Settable.Doubled);
        Assert.Equal([7, 8, 9], echoed.Memory.ToArray());
        Assert.Equal([[1], [], [2, 3]], echoed.Jagged);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Nulls_and_empties_round_trip(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        var value = new Everything(
            default, default, default, default, default, default, default, default, default, default, default, default,
            default, default, default, default, default, Text: "", MaybeText: null, Data: [], MaybeData: null,
            Memory: ReadOnlyMemory<byte>.Empty, Mood: Mood.Calm, MaybeMood: null, MaybeNumber: null, Numbers: [], Names: [],
            Points: [], Counts: [], MaybePoint: null, Size: default, MaybeSize: null, Settable: new Settable(), Jagged: [],
            MaybeNames: []);
        var client = host.Client;

        Assert.Equal(Describe(value), Describe(await client.EchoEverythingAsync(value).WaitAsync(EndToEndHost.Timeout)));
        Assert.Null(await client.EchoAsync(null).WaitAsync(EndToEndHost.Timeout));
        Assert.Equal("", await client.EchoAsync("").WaitAsync(EndToEndHost.Timeout));
        Assert.Null(await client.EchoTreeAsync(null).AsTask().WaitAsync(EndToEndHost.Timeout));
        Assert.Null(await client.EchoNullableAsync(null).WaitAsync(EndToEndHost.Timeout));
        Assert.Equal(0, await client.EchoNullableAsync(0).WaitAsync(EndToEndHost.Timeout));
        Assert.True((await client.EchoBytesAsync(ReadOnlyMemory<byte>.Empty).AsTask().WaitAsync(EndToEndHost.Timeout)).IsEmpty);
        Assert.Empty(await client.MirrorAsync([]).WaitAsync(EndToEndHost.Timeout));
        Assert.Empty(await client.EchoMapAsync([]).WaitAsync(EndToEndHost.Timeout));
        var map = await client.EchoMapAsync(new() { ["none"] = null, ["empty"] = [], ["holes"] = [null, new Point(1, 1)] }).WaitAsync(EndToEndHost.Timeout);
        Assert.Null(map["none"]);
        Assert.Empty(map["empty"]!);
        Assert.Equal([null, new Point(1, 1)], map["holes"]!);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_recursive_type_round_trips(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        Node? list = null;
        for (var i = 0; i < 20; i++)
        {
            list = new Node(i, list, [new Node(-i, null, [])]);
        }

        var echoed = await host.Client.EchoTreeAsync(list).AsTask().WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(Describe(list), Describe(echoed));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Typed_calls_return_their_results(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        var client = host.Client;

        Assert.Equal(5, await client.AddAsync(2, 3).AsTask().WaitAsync(EndToEndHost.Timeout));
        Assert.Equal("echo", await client.EchoAsync("echo").WaitAsync(EndToEndHost.Timeout));
        Assert.Equal([new Point(-3, -4), new Point(-1, -2)], await client.MirrorAsync([new Point(1, 2), new Point(3, 4)]).WaitAsync(EndToEndHost.Timeout));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.FromHours(2)), await client.NowAsync().AsTask().WaitAsync(EndToEndHost.Timeout));
        Assert.Equal(Mood.Sad, await client.EchoMoodAsync(Mood.Sad).AsTask().WaitAsync(EndToEndHost.Timeout));
        await client.NothingAsync().WaitAsync(EndToEndHost.Timeout);
        Assert.Equal(70, await client.PinnedAsync(7).WaitAsync(EndToEndHost.Timeout));
        Assert.True(await client.IsHealthyAsync().WaitAsync(EndToEndHost.Timeout));
        var bytes = await client.EchoBytesAsync(new byte[] { 1, 2, 3 }).AsTask().WaitAsync(EndToEndHost.Timeout);
        Assert.Equal([1, 2, 3], bytes.ToArray());
    }

    [Fact]
    public async Task A_base_contract_client_calls_a_derived_contract_server()
    {
        await using var host = await EndToEndHost.StartAsync(Transport.Tcp);
        var port = ((IPEndPoint)host.Server.LocalEndPoint).Port;
        Assert.NotEqual(0, port);

        await using var health = await HealthCheckClient.ConnectAsync("127.0.0.1", port);

        Assert.True(await health.IsHealthyAsync().WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Streams_deliver_every_item_in_order(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);

        var counted = new List<int>();
        await foreach (var item in host.Client.CountAsync(200, timeout.Token))
        {
            counted.Add(item);
        }

        var points = new List<Point>();
        await foreach (var point in host.Client.PointsAsync(30).WithCancellation(timeout.Token))
        {
            points.Add(point);
        }

        var none = 0;
        await foreach (var unused in host.Client.PointsAsync(0).WithCancellation(timeout.Token))
        {
            none++;
        }

        Assert.Equal(Enumerable.Range(1, 200), counted);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => new Point(i, i * i)), points);
        Assert.Equal(0, none);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Cancelling_a_stream_cancels_it_on_the_server(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        using var cancellation = new CancellationTokenSource(EndToEndHost.Timeout);

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in host.Client.CountAsync(int.MaxValue, cancellation.Token))
            {
                if (++received == 5)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(received >= 5);
        await host.Service.ServerSawCancellation.Task.WaitAsync(EndToEndHost.Timeout);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Cancelling_a_call_cancels_it_on_the_server(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);
        using var cancellation = new CancellationTokenSource(EndToEndHost.Timeout);

        var call = host.Client.WaitForCancellationAsync(cancellation.Token);
        await host.Service.WaitStarted.Task.WaitAsync(EndToEndHost.Timeout);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(EndToEndHost.Timeout));
        await host.Service.ServerSawCancellation.Task.WaitAsync(EndToEndHost.Timeout);
        Assert.Equal(3, await host.Client.AddAsync(1, 2).AsTask().WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_remote_exception_reaches_the_caller_and_the_connection_carries_on(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);

        var asynchronous = await Assert.ThrowsAsync<RemoteException>(() => host.Client.FailAsync("boom").WaitAsync(EndToEndHost.Timeout));
        var synchronous = await Assert.ThrowsAsync<RemoteException>(() => host.Client.FailSynchronouslyAsync().AsTask().WaitAsync(EndToEndHost.Timeout));

        Assert.Equal("System.InvalidOperationException", asynchronous.RemoteTypeName);
        Assert.DoesNotContain("boom", asynchronous.Message, StringComparison.Ordinal);
        Assert.Equal("System.ArgumentException", synchronous.RemoteTypeName);
        Assert.Equal(3, await host.Client.AddAsync(1, 2).AsTask().WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task One_way_calls_arrive_in_order(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);

        await host.Client.RecordAsync("first").AsTask().WaitAsync(EndToEndHost.Timeout);
        await host.Client.RecordAsync("second").AsTask().WaitAsync(EndToEndHost.Timeout);
        Assert.True(await host.Service.LineRecorded.WaitAsync(EndToEndHost.Timeout));
        Assert.True(await host.Service.LineRecorded.WaitAsync(EndToEndHost.Timeout));

        Assert.Equal(["first", "second"], await host.Client.RecordedAsync().WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_fast_call_completes_before_a_slow_one_started_earlier(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);

        var slow = host.Client.DelayedEchoAsync(1, 2_000);
        var fast = host.Client.DelayedEchoAsync(2, 0);

        Assert.Equal(2, await fast.WaitAsync(EndToEndHost.Timeout));
        Assert.False(slow.IsCompleted);
        Assert.Equal(1, await slow.WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Five_hundred_concurrent_calls_on_one_client_all_complete_correctly(Transport transport)
    {
        await using var host = await EndToEndHost.StartAsync(transport);

        var sums = Enumerable.Range(0, 500).Select(i => host.Client.AddAsync(i, i).AsTask()).ToArray();
        var echoes = Enumerable.Range(0, 500).Select(i => host.Client.DelayedEchoAsync(i, i % 7)).ToArray();
        await Task.WhenAll(sums.Concat(echoes)).WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => 2 * i), sums.Select(t => t.Result));
        Assert.Equal(Enumerable.Range(0, 500), echoes.Select(t => t.Result));
    }

    private static string Describe<T>(T value) => JsonSerializer.Serialize(value, s_json);
}
