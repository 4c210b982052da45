using System.Net;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>Declared derived types travel as themselves; undeclared ones and unknown tags fail with names.</summary>
public sealed class PolymorphicTests
{
    private static readonly WireDecoder<int> s_readInt32 = static (ref WireReader reader) => reader.ReadInt32();

    [Fact]
    public async Task Declared_derived_types_arrive_as_themselves_with_their_own_data()
    {
        await using var host = await Host.StartAsync();
        var drawing = new Drawing(
            [new Circle("c", 1.5), new Square("s", 2), new LabelledCircle("l", 3, "label")],
            Highlight: null,
            Owner: new Admin("root", 9));

        Drawing echoed = await host.Client.EchoDrawingAsync(drawing).WaitAsync(EndToEndHost.Timeout);

        Assert.Equal(drawing.Shapes, echoed.Shapes);
        Assert.Equal([typeof(Circle), typeof(Square), typeof(LabelledCircle)], echoed.Shapes.Select(s => s.GetType()));
        Assert.Null(echoed.Highlight);
        Assert.Equal(new Admin("root", 9), echoed.Owner);
        Assert.Equal(new Square("only", 4), await host.Client.EchoShapeAsync(new Square("only", 4)).WaitAsync(EndToEndHost.Timeout));
    }

    [Fact]
    public async Task A_concrete_base_travels_as_itself_and_its_derived_type_as_the_derived_type()
    {
        await using var host = await Host.StartAsync();

        Assert.Equal("user ann", await host.Client.DescribeAsync(new User("ann")).WaitAsync(EndToEndHost.Timeout));
        Assert.Equal("admin bob at level 2", await host.Client.DescribeAsync(new Admin("bob", 2)).WaitAsync(EndToEndHost.Timeout));
    }

    [Fact]
    public async Task An_undeclared_derived_type_is_refused_by_name_before_it_is_sent_and_the_connection_keeps_working()
    {
        await using var host = await Host.StartAsync();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => host.Client.EchoShapeAsync(new SecretCircle("x", 1)).WaitAsync(EndToEndHost.Timeout));

        Assert.Contains("SecretCircle", error.Message, StringComparison.Ordinal);
        Assert.Contains("[WireDerived(typeof(SecretCircle), tag)]", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.Service.Runs);
        Assert.Equal(new Circle("ok", 1), await host.Client.EchoShapeAsync(new Circle("ok", 1)).WaitAsync(EndToEndHost.Timeout));
    }

    [Fact]
    public async Task A_server_result_of_an_undeclared_derived_type_fails_the_call_not_the_connection()
    {
        await using var host = await Host.StartAsync();

        var error = await Assert.ThrowsAsync<RemoteException>(() => host.Client.SecretAsync().WaitAsync(EndToEndHost.Timeout));

        Assert.Contains(nameof(NotSupportedException), error.RemoteTypeName, StringComparison.Ordinal);
        Assert.Equal(new Square("after", 1), await host.Client.EchoShapeAsync(new Square("after", 1)).WaitAsync(EndToEndHost.Timeout));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_unknown_tag_is_a_protocol_violation_naming_the_base_type_and_the_method_never_runs(int tag)
    {
        var service = new ShapesService();
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
        SocketServer server = await ShapesServiceServer.StartAsync(service, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
        try
        {
            await using RpcConnection connection = await RpcConnection.ConnectAsync(server.LocalEndPoint, null, timeout.Token);
            WireEncoder<int> encode = static (ref WireWriter writer, int wireTag) =>
            {
                writer.WriteHasValue(true);
                writer.WriteInt32(wireTag);
                WireObjectToken token = writer.BeginObject(1);
                writer.WriteString("from the future");
                writer.EndObject(token);
            };

            var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => connection.InvokeAsync(ShapesServiceCodecs.EchoShapeAsyncId, tag, encode, s_readInt32, timeout.Token).AsTask());

            Assert.Contains("Shape", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, service.Runs);
        }
        finally
        {
            await server.StopAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task The_wire_form_is_the_presence_byte_the_tag_then_the_derived_object()
    {
        await using var host = await Host.StartAsync();
        using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
        await using RpcConnection connection = await RpcConnection.ConnectAsync(host.EndPoint, null, timeout.Token);
        WireEncoder<Shape> encode = static (ref WireWriter writer, Shape shape) => ShapesServiceCodecs.WriteShape(ref writer, shape);
        WireDecoder<byte[]> raw = static (ref WireReader reader) =>
        {
            var bytes = new byte[reader.BytesRemaining];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = reader.ReadByte();
            }

            return bytes;
        };

        // The server echoes the shape; its answer is the shape's encoding: 01 present, tag 2, then an object of
        // 2 fields in 13 bytes: "s" (length 1, then 73) and 2.0 as a big-endian double.
        byte[] answer = await connection.InvokeAsync(ShapesServiceCodecs.EchoShapeAsyncId, new Square("s", 2), encode, raw, timeout.Token);

        Assert.Equal(Convert.FromHexString("01" + "00000002" + "00000002" + "0000000D" + "00000001" + "73" + "4000000000000000"), answer);
    }

    private sealed class Host : IAsyncDisposable
    {
        private readonly SocketServer _server;

        private Host(SocketServer server, ShapesService service, ShapesServiceClient client)
        {
            _server = server;
            Service = service;
            Client = client;
        }

        public ShapesService Service { get; }

        public ShapesServiceClient Client { get; }

        public EndPoint EndPoint => _server.LocalEndPoint;

        public static async Task<Host> StartAsync()
        {
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            var service = new ShapesService();
            SocketServer server = await ShapesServiceServer.StartAsync(service, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
            ShapesServiceClient client = await ShapesServiceClient.ConnectAsync(server.LocalEndPoint, cancellationToken: timeout.Token);
            return new Host(server, service, client);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            using var timeout = new CancellationTokenSource(EndToEndHost.Timeout);
            await _server.StopAsync(timeout.Token);
        }
    }
}
