using System.Net;
using SocketGen.Protocols.Tests.Declarations;

namespace SocketGen.Protocols.Tests.Endpoints;

/// <summary>A server whose handler has one method per message type of the client's union (the generated <c>IHandler</c>).</summary>
public sealed class HandlerPerMessageTypeTests
{
    [Fact]
    public async Task Each_message_type_reaches_its_own_handler_method_in_order()
    {
        var handler = new ChatHandler();
        await using var server = ChatProtocol.Serve(new IPEndPoint(IPAddress.Loopback, 0), handler);
        await using var client = await ChatProtocol.ConnectAsync(server.LocalEndPoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        Assert.Equal("a", Assert.IsType<Pong>(await client.RequestAsync(new Ping { Token = "a" }, timeout.Token)).Token);
        Assert.Equal("b", Assert.IsType<Ping>(await client.RequestAsync(new Pong { Token = "b" }, timeout.Token)).Token);
        Assert.Equal(42, Assert.IsType<Count>(await client.RequestAsync(new Count { Value = 41 }, timeout.Token)).Value);
        Assert.Equal(["ping a", "pong b", "count 41"], handler.Calls);
    }

    [Fact]
    public void Dispatch_refuses_a_message_of_no_type_in_the_union()
    {
        Assert.Throws<ArgumentException>(() => ChatProtocol.Dispatch(new ChatHandler(), new Stranger(), null!));
    }

    private sealed class Stranger : IChat;

    private sealed class ChatHandler : ChatProtocol.IHandler
    {
        public List<string> Calls { get; } = new();

        public ValueTask HandleAsync(Ping message, ProtocolServerConnection<ChatProtocol, IChat, IChat> connection)
        {
            Calls.Add("ping " + message.Token);
            connection.Write(new Pong { Token = message.Token });
            return default;
        }

        public ValueTask HandleAsync(Pong message, ProtocolServerConnection<ChatProtocol, IChat, IChat> connection)
        {
            Calls.Add("pong " + message.Token);
            connection.Write(new Ping { Token = message.Token });
            return default;
        }

        public ValueTask HandleAsync(Count message, ProtocolServerConnection<ChatProtocol, IChat, IChat> connection)
        {
            Calls.Add("count " + message.Value);
            connection.Write(new Count { Value = message.Value + 1 });
            return default;
        }
    }
}
