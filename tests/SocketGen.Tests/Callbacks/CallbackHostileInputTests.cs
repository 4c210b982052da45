using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Serialization;
using SocketGen.Tests.Production;

namespace SocketGen.Tests.Callbacks;

/// <summary>Peers that break the 1.2 rules on purpose, or speak 1.1: written by hand, over real loopback sockets.</summary>
public class CallbackHostileInputTests
{
    private static readonly TimeSpan s_timeout = RoomHost.Timeout;

    [Fact]
    public async Task A_1_1_client_calling_a_method_that_calls_back_gets_an_answer_naming_the_feature()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);

        await raw.SendAsync([.. RawConnection.Preface(minor: 1), .. Request(1, RoomCodecs.AskCallerAsyncId, StringPayload("ready?"))], timeout.Token);

        Assert.Equal(RawConnection.Preface(minor: 2), await raw.ReceiveAsync(ConnectionPreface.Size, timeout.Token));
        (FrameHeader header, byte[] payload) = (await raw.ReceiveFrameAsync(timeout.Token))!.Value;
        Assert.Equal(FrameType.Response, header.Type);
        string answer = ReadString(payload);
        Assert.StartsWith(nameof(NotSupportedException), answer, StringComparison.Ordinal);
        Assert.Contains("need wire 1.2", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_1_1_client_may_still_use_call_ids_with_the_high_bit_set()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);

        await raw.SendAsync([.. RawConnection.Preface(minor: 1), .. Request(0x8000_0007, RoomCodecs.MetadataAsyncId, [])], timeout.Token);

        await raw.ReceiveAsync(ConnectionPreface.Size, timeout.Token);
        (FrameHeader header, _) = (await raw.ReceiveFrameAsync(timeout.Token))!.Value;
        Assert.Equal(FrameType.Response, header.Type);
        Assert.Equal(0x8000_0007u, header.CallId);
    }

    [Fact]
    public async Task A_1_2_client_using_a_server_call_id_is_a_protocol_violation()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);

        await raw.SendAsync([.. RawConnection.Preface(minor: 2), .. Request(0x8000_0001, RoomCodecs.MetadataAsyncId, [])], timeout.Token);

        await AssertViolationAsync(raw, "high bit", timeout.Token);
    }

    [Fact]
    public async Task A_client_that_declared_no_callbacks_may_not_send_answers()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);

        await raw.SendAsync([.. RawConnection.Preface(minor: 2, capabilities: 0), .. RawConnection.Frame(FrameType.Response, 0x8000_0001, RoomCodecs.CallbackAskAsyncId, StringPayload("forged"))], timeout.Token);

        await AssertViolationAsync(raw, "Response", timeout.Token);
    }

    [Fact]
    public async Task A_client_that_declared_callbacks_may_answer_calls_it_was_never_asked_and_is_ignored()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);

        await raw.SendAsync(
            [
                .. RawConnection.Preface(minor: 2, capabilities: ConnectionPreface.ServesPeerCalls),
                .. RawConnection.Frame(FrameType.Response, 0x8000_0063, RoomCodecs.CallbackAskAsyncId, StringPayload("unasked")),
                .. Request(1, RoomCodecs.MetadataAsyncId, []),
            ],
            timeout.Token);

        await raw.ReceiveAsync(ConnectionPreface.Size, timeout.Token);
        (FrameHeader header, _) = (await raw.ReceiveFrameAsync(timeout.Token))!.Value;
        Assert.Equal(FrameType.Response, header.Type);
        Assert.Equal(1u, header.CallId);
    }

    [Fact]
    public async Task A_flood_of_calls_with_oversized_metadata_is_refused_call_by_call_and_the_connection_serves_on()
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp, new SocketServerOptions { MaxCallMetadataBytes = 64 });
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);
        const int Flood = 300;
        byte[] block = MetadataBlock(("k", new string('x', 1000)));
        var frames = new List<byte>(RawConnection.Preface(minor: 2));
        for (uint id = 1; id <= Flood; id++)
        {
            frames.AddRange(Request(id, RoomCodecs.MetadataAsyncId, block, FrameFlags.HasMetadata));
        }

        frames.AddRange(Request(Flood + 1, RoomCodecs.MetadataAsyncId, []));
        Task send = raw.SendAsync([.. frames], timeout.Token);

        await raw.ReceiveAsync(ConnectionPreface.Size, timeout.Token);
        for (int i = 0; i < Flood; i++)
        {
            (FrameHeader header, byte[] payload) = (await raw.ReceiveFrameAsync(timeout.Token))!.Value;
            Assert.Equal(FrameType.Error, header.Type);
            Assert.Equal(RpcErrorCode.LimitExceeded, RawConnection.ReadError(payload).Code);
        }

        (FrameHeader last, _) = (await raw.ReceiveFrameAsync(timeout.Token))!.Value;
        Assert.Equal(FrameType.Response, last.Type);
        Assert.Equal((uint)Flood + 1, last.CallId);
        await send;
    }

    [Theory]
    [InlineData("duplicate")]
    [InlineData("empty key")]
    [InlineData("null value")]
    [InlineData("past the block")]
    public async Task A_malformed_metadata_block_is_a_protocol_violation(string how)
    {
        await using RoomHost host = await RoomHost.StartAsync(RoomTransport.Tcp);
        using var timeout = new CancellationTokenSource(s_timeout);
        using RawConnection raw = await RawConnection.ConnectAsync(host.Server.LocalEndPoint, timeout.Token);
        byte[] block = how switch
        {
            "duplicate" => MetadataBlock(("a", "1"), ("a", "2")),
            "empty key" => MetadataBlock(("", "1")),
            "null value" => [0, 0, 0, 9, 0, 0, 0, 1, (byte)'a', 0xFF, 0xFF, 0xFF, 0xFF],
            _ => [0, 0, 0, 100, 0, 0, 0, 1, (byte)'a'],
        };

        await raw.SendAsync([.. RawConnection.Preface(minor: 2), .. Request(1, RoomCodecs.MetadataAsyncId, block, FrameFlags.HasMetadata)], timeout.Token);

        await AssertViolationAsync(raw, "", timeout.Token);
    }

    [Fact]
    public async Task A_server_calling_a_client_that_declared_no_callbacks_breaks_the_connection()
    {
        await using HandMadeServer server = HandMadeServer.Start(minor: 2);
        using var timeout = new CancellationTokenSource(s_timeout);
        Task<RoomClient> connecting = RoomClient.ConnectAsync(server.EndPoint, cancellationToken: timeout.Token).AsTask();
        using RawConnection peer = await server.AcceptAsync(timeout.Token);
        await using RoomClient client = await connecting;
        Task<Dictionary<string, string>> pending = client.MetadataAsync();
        await peer.ReceiveFrameAsync(timeout.Token);

        await peer.SendAsync(Request(0x8000_0001, RoomCodecs.CallbackAskAsyncId, StringPayload("hello?")), timeout.Token);

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => pending.WaitAsync(timeout.Token));
        Assert.Contains("may not send Request", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0x8000_0001u, "need wire 1.2")]
    [InlineData(2, 0x0000_0001u, "high bit")]
    public async Task A_server_call_from_a_1_1_server_or_with_a_client_call_id_breaks_the_connection(byte minor, uint callId, string expected)
    {
        await using HandMadeServer server = HandMadeServer.Start(minor);
        using var timeout = new CancellationTokenSource(s_timeout);
        Task<RoomClient> connecting = RoomClient.ConnectAsync(server.EndPoint, new TestMember(), cancellationToken: timeout.Token).AsTask();
        using RawConnection peer = await server.AcceptAsync(timeout.Token);
        await using RoomClient client = await connecting;
        Task<Dictionary<string, string>> pending = client.MetadataAsync();
        await peer.ReceiveFrameAsync(timeout.Token);

        await peer.SendAsync(Request(callId, RoomCodecs.CallbackAskAsyncId, StringPayload("hello?")), timeout.Token);

        var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => pending.WaitAsync(timeout.Token));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_for_a_1_1_server_fails_the_call_unsent_with_an_error_naming_the_feature()
    {
        await using HandMadeServer server = HandMadeServer.Start(minor: 1);
        using var timeout = new CancellationTokenSource(s_timeout);
        var options = new SocketClientOptions();
        options.DefaultMetadata["tenant"] = "blue";
        Task<RoomClient> connecting = RoomClient.ConnectAsync(server.EndPoint, options, timeout.Token).AsTask();
        using RawConnection peer = await server.AcceptAsync(timeout.Token);
        await using RoomClient client = await connecting;

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.MetadataAsync());

        Assert.Contains("Call metadata needs wire 1.2; the server speaks 1.1", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertViolationAsync(RawConnection raw, string messagePart, CancellationToken cancellationToken)
    {
        await raw.ReceiveAsync(ConnectionPreface.Size, cancellationToken);
        (FrameHeader header, byte[] payload) = (await raw.ReceiveFrameAsync(cancellationToken))!.Value;
        Assert.Equal(FrameType.Error, header.Type);
        Assert.Equal(0u, header.CallId);
        (RpcErrorCode code, string message) = RawConnection.ReadError(payload);
        Assert.Equal(RpcErrorCode.ProtocolViolation, code);
        Assert.Contains(messagePart, message, StringComparison.Ordinal);
        Assert.True(await raw.WaitForCloseAsync(cancellationToken));
    }

    private static byte[] Request(uint callId, uint methodId, byte[] payload, FrameFlags flags = FrameFlags.None)
    {
        byte[] frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(FrameType.Request, flags, callId, methodId, payload.Length).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }

    private static byte[] StringPayload(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        byte[] payload = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, utf8.Length);
        utf8.CopyTo(payload.AsSpan(4));
        return payload;
    }

    private static string ReadString(byte[] payload)
    {
        var reader = new WireReader(payload);
        return reader.ReadString()!;
    }

    private static byte[] MetadataBlock(params (string Key, string Value)[] entries)
    {
        byte[] body = [.. entries.SelectMany(e => StringPayload(e.Key).Concat(StringPayload(e.Value)))];
        byte[] block = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(block, body.Length);
        body.CopyTo(block.AsSpan(4));
        return block;
    }

    /// <summary>A server written by hand: it answers a client's preface with 1.<c>minor</c> and does what the test says.</summary>
    private sealed class HandMadeServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly byte _minor;

        private HandMadeServer(Socket listener, byte minor)
        {
            _listener = listener;
            _minor = minor;
        }

        public EndPoint EndPoint => _listener.LocalEndPoint!;

        public static HandMadeServer Start(byte minor)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(4);
            return new HandMadeServer(listener, minor);
        }

        public async Task<RawConnection> AcceptAsync(CancellationToken cancellationToken)
        {
            RawConnection peer = RawConnection.Over(await _listener.AcceptAsync(cancellationToken));
            await peer.ReceiveAsync(ConnectionPreface.Size, cancellationToken);
            await peer.SendAsync(RawConnection.Preface(_minor), cancellationToken);
            return peer;
        }

        public ValueTask DisposeAsync()
        {
            _listener.Dispose();
            return default;
        }
    }
}
