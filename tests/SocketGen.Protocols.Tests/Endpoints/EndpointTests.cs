using System.Net;
using System.Net.Sockets;
using HelloInterop;
using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>The generated client and server over loopback: round trips, fragmented input, and limits that close one connection only.</summary>
public sealed class EndpointTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_field_kind_round_trips_through_the_generated_client_and_server()
    {
        await using var server = AllFieldsProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (message, connection) =>
        {
            message.U32++;
            connection.Write(message);
            return default;
        });
        await using var client = await AllFieldsProtocol.ConnectAsync(server.LocalEndPoint);
        using var timeout = new CancellationTokenSource(Bound);

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.RequestAsync(new AllFields { U32 = (uint)i, Label = "n" + i, Payload = new byte[i] }, timeout.Token).AsTask()));
        for (int i = 0; i < replies.Length; i++)
        {
            Assert.Equal((uint)i + 1, replies[i].U32);
            Assert.Equal("n" + i, replies[i].Label);
            Assert.Equal(i, replies[i].Payload.Length);
        }
    }

    [Fact]
    public async Task A_self_delimited_message_sent_one_byte_at_a_time_is_read_whole()
    {
        await using var server = ChunkProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (chunk, connection) =>
        {
            connection.Write(chunk);
            return default;
        });
        using var timeout = new CancellationTokenSource(Bound);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await raw.ConnectAsync(server.LocalEndPoint, timeout.Token);

        using var writer = new MessageWriter();
        ChunkProtocol.WriteClientMessage(new Chunk { Type = 1, Key = "first", Body = [1, 2, 3] }, writer);
        ChunkProtocol.WriteClientMessage(new Chunk { Type = 2, Key = "second", Body = "\r\n\n"u8.ToArray() }, writer);
        byte[] sent = writer.Written.ToArray();
        foreach (byte b in sent)
        {
            await raw.SendAsync(new[] { b }, SocketFlags.None, timeout.Token);
        }

        var echoed = new byte[sent.Length];
        int total = 0;
        while (total < echoed.Length)
        {
            int read = await raw.ReceiveAsync(echoed.AsMemory(total), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            total += read;
        }

        Assert.Equal(sent, echoed);
    }

    [Fact]
    public async Task A_frame_claiming_2_GiB_closes_only_its_connection_with_the_reason_logged()
    {
        var logger = new CapturingLogger();
        await using var server = AllFieldsProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (message, connection) =>
        {
            connection.Write(message);
            return default;
        }, new ProtocolServerOptions { Logger = logger });
        using var timeout = new CancellationTokenSource(Bound);
        await using var good = await AllFieldsProtocol.ConnectAsync(server.LocalEndPoint);

        using var hostile = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await hostile.ConnectAsync(server.LocalEndPoint, timeout.Token);
        await hostile.SendAsync(new byte[] { 0x00, 0x00, 0x00, 0x80 }, SocketFlags.None, timeout.Token);
        await AssertClosedAsync(hostile, timeout.Token);
        string logged = await logger.WaitForAsync("refused");
        Assert.Contains("2147483648", logged);

        var reply = await good.RequestAsync(new AllFields { Label = "still here" }, timeout.Token);
        Assert.Equal("still here", reply.Label);
    }

    [Fact]
    public async Task An_over_long_line_closes_only_its_connection_with_the_reason_logged()
    {
        var logger = new CapturingLogger();
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), (line, connection) =>
        {
            connection.Write(line);
            return default;
        }, new ProtocolServerOptions { Logger = logger, MaxFrameLength = 64 });
        using var timeout = new CancellationTokenSource(Bound);

        using var hostile = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await hostile.ConnectAsync(server.LocalEndPoint, timeout.Token);
        await hostile.SendAsync(new byte[100].Select(_ => (byte)'a').ToArray(), SocketFlags.None, timeout.Token);
        await AssertClosedAsync(hostile, timeout.Token);
        Assert.Contains("64-byte limit", await logger.WaitForAsync("closed the connection"));

        await using var client = await HelloProtocol.ConnectAsync(server.LocalEndPoint);
        Assert.Equal("a line within the limit", (await client.RequestAsync(new Greeting { Text = "a line within the limit" }, timeout.Token)).Text);
    }

    [Fact]
    public async Task Requests_waiting_when_the_server_closes_fail_with_ConnectionLostException()
    {
        await using var server = HelloProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), async (connection, cancellationToken) =>
        {
            await foreach (var _ in connection.ReadMessagesAsync(cancellationToken))
            {
                return; // read one request, answer nothing, close
            }
        });
        await using var client = await HelloProtocol.ConnectAsync(server.LocalEndPoint);
        using var timeout = new CancellationTokenSource(Bound);
        await Assert.ThrowsAsync<ConnectionLostException>(async () => await client.RequestAsync(new Greeting { Text = "anyone?" }, timeout.Token));
    }

    /// <summary>The server closed the connection: an orderly end, or a reset when it closed with our bytes unread.</summary>
    private static async Task AssertClosedAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, cancellationToken));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }
}
