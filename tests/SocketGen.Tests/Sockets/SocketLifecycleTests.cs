using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public class SocketLifecycleTests
{
    [Theory]
    [InlineData("Created", "Bind", "None")]
    [InlineData("Created", "Connect", "None")]
    [InlineData("Created", "Listen", "ListenWithoutBind")]
    [InlineData("Created", "Accept", "AcceptWithoutListen")]
    [InlineData("Bound", "Listen", "None")]
    [InlineData("Bound", "Bind", "BindTwice")]
    [InlineData("Listening", "Accept", "None")]
    [InlineData("Listening", "Connect", "ConnectOnListening")]
    [InlineData("Listening", "Send", "DataOnListening")]
    [InlineData("Listening", "Receive", "DataOnListening")]
    [InlineData("Connected", "Connect", "ConnectWhenConnected")]
    [InlineData("Connected", "Bind", "BindTwice")]
    [InlineData("Connected", "Send", "None")]
    [InlineData("Closed", "Send", "UseAfterClose")]
    [InlineData("Closed", "Close", "None")]
    public void Check_follows_the_BSD_lifecycle(string state, string operation, string expected)
    {
        // The table's types are internal, so the theory names them by string.
        var misuse = SocketLifecycle.Check(Enum.Parse<SocketState>(state), Enum.Parse<SocketOperation>(operation));
        Assert.Equal(Enum.Parse<SocketMisuse>(expected), misuse);
    }

    [Fact]
    public void Server_path_reaches_listening_and_accept_keeps_it_there()
    {
        var state = SocketState.Created;
        foreach (var operation in new[] { SocketOperation.Bind, SocketOperation.Listen, SocketOperation.Accept })
        {
            Assert.Equal(SocketMisuse.None, SocketLifecycle.Check(state, operation));
            state = SocketLifecycle.Next(state, operation);
        }

        Assert.Equal(SocketState.Listening, state);
        Assert.Equal(SocketState.Closed, SocketLifecycle.Next(state, SocketOperation.Close));
    }
}
