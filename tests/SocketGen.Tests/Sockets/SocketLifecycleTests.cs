using SocketGen.Sockets;

namespace SocketGen.Tests.Sockets;

public class SocketLifecycleTests
{
    [Theory]
    [InlineData(SocketState.Created, SocketOperation.Bind, SocketMisuse.None)]
    [InlineData(SocketState.Created, SocketOperation.Connect, SocketMisuse.None)]
    [InlineData(SocketState.Created, SocketOperation.Listen, SocketMisuse.ListenWithoutBind)]
    [InlineData(SocketState.Created, SocketOperation.Accept, SocketMisuse.AcceptWithoutListen)]
    [InlineData(SocketState.Bound, SocketOperation.Listen, SocketMisuse.None)]
    [InlineData(SocketState.Bound, SocketOperation.Bind, SocketMisuse.BindTwice)]
    [InlineData(SocketState.Listening, SocketOperation.Accept, SocketMisuse.None)]
    [InlineData(SocketState.Listening, SocketOperation.Connect, SocketMisuse.ConnectOnListening)]
    [InlineData(SocketState.Listening, SocketOperation.Send, SocketMisuse.DataOnListening)]
    [InlineData(SocketState.Listening, SocketOperation.Receive, SocketMisuse.DataOnListening)]
    [InlineData(SocketState.Connected, SocketOperation.Connect, SocketMisuse.ConnectWhenConnected)]
    [InlineData(SocketState.Connected, SocketOperation.Bind, SocketMisuse.BindTwice)]
    [InlineData(SocketState.Connected, SocketOperation.Send, SocketMisuse.None)]
    [InlineData(SocketState.Closed, SocketOperation.Send, SocketMisuse.UseAfterClose)]
    [InlineData(SocketState.Closed, SocketOperation.Close, SocketMisuse.None)]
    public void Check_follows_the_BSD_lifecycle(SocketState state, SocketOperation operation, SocketMisuse expected)
        => Assert.Equal(expected, SocketLifecycle.Check(state, operation));

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
