using System.Net;
using System.Net.Sockets;
using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>A protocol whose messages are a top-level union of binary layouts, told apart by a tag each carries.</summary>
public sealed class BinaryUnionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Each_case_is_written_by_its_type_and_read_back_by_its_tag()
    {
        using var writer = new MessageWriter();
        GameProtocol.WriteClientMessage(new Say { Text = "hi" }, writer);
        GameProtocol.WriteClientMessage(new Move { X = 1, Y = -1 }, writer);

        Assert.Equal(new byte[] { 0x00, 0x03, 0x02, (byte)'h', (byte)'i', 0x00, 0x05, 0x01, 0x00, 0x01, 0xFF, 0xFF }, writer.WrittenSince(0).ToArray());
        Assert.Equal("hi", Assert.IsType<Say>(GameProtocol.ReadClientMessage(writer.WrittenSince(0)[..5])).Text);
        var move = Assert.IsType<Move>(GameProtocol.ReadClientMessage(writer.WrittenSince(5)));
        Assert.Equal((1, -1), (move.X, move.Y));
    }

    [Fact]
    public void An_unknown_tag_is_a_protocol_violation_naming_it()
    {
        var error = Assert.Throws<ProtocolViolationException>(() => GameProtocol.ReadClientMessage([0x00, 0x01, 0x09]));
        Assert.Contains("Kind = 9", error.Message);
    }

    [Fact]
    public async Task Each_case_reaches_its_own_handler_method_over_loopback()
    {
        var handler = new GameHandler();
        await using var server = GameProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), handler);
        await using var client = await GameProtocol.ConnectAsync(server.LocalEndPoint);
        using var timeout = new CancellationTokenSource(Bound);

        Assert.Equal("moved 3,-4", Assert.IsType<Say>(await client.RequestAsync(new Move { X = 3, Y = -4 }, timeout.Token)).Text);
        var reply = Assert.IsType<Move>(await client.RequestAsync(new Say { Text = "jump" }, timeout.Token));
        Assert.Equal((4, 0), (reply.X, reply.Y));
        Assert.Equal(["move 3,-4", "say jump"], handler.Calls);
    }

    [Fact]
    public async Task An_unknown_tag_closes_only_its_connection_with_the_reason_logged()
    {
        var logger = new CapturingLogger();
        await using var server = GameProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), new GameHandler(), new ProtocolServerOptions { Logger = logger });
        using var timeout = new CancellationTokenSource(Bound);
        await using var good = await GameProtocol.ConnectAsync(server.LocalEndPoint);

        using var hostile = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await hostile.ConnectAsync(server.LocalEndPoint, timeout.Token);
        await hostile.SendAsync(new byte[] { 0x00, 0x01, 0x09 }, SocketFlags.None, timeout.Token);
        try
        {
            Assert.Equal(0, await hostile.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        Assert.Contains("GameMessage", await logger.WaitForAsync("Kind = 9"));
        Assert.IsType<Say>(await good.RequestAsync(new Move { X = 1, Y = 1 }, timeout.Token));
    }

    private sealed class GameHandler : GameProtocol.IHandler
    {
        public List<string> Calls { get; } = new();

        public ValueTask HandleAsync(Move message, ProtocolServerConnection<GameProtocol, IGameMessage, IGameMessage> connection)
        {
            Calls.Add($"move {message.X},{message.Y}");
            connection.Write(new Say { Text = $"moved {message.X},{message.Y}" });
            return default;
        }

        public ValueTask HandleAsync(Say message, ProtocolServerConnection<GameProtocol, IGameMessage, IGameMessage> connection)
        {
            Calls.Add("say " + message.Text);
            connection.Write(new Move { X = (short)message.Text.Length, Y = 0 });
            return default;
        }
    }
}
