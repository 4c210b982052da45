using System.Net;
using System.Threading.Channels;
using Chat;

namespace SocketGen.Tests.Callbacks;

/// <summary>samples/Chat's service, as its README section describes it, over loopback TCP.</summary>
public class ChatSampleTests
{
    [Fact]
    public async Task Members_hear_each_other_by_the_nick_they_joined_with_and_a_disconnected_member_leaves_its_rooms()
    {
        using var timeout = new CancellationTokenSource(RoomHost.Timeout);
        await using SocketServer server = await ChatServer.StartAsync(new ChatService(), new IPEndPoint(IPAddress.Loopback, 0), cancellationToken: timeout.Token);
        var ann = new RecordingMember();
        var bob = new RecordingMember();
        await using ChatClient annClient = await ChatClient.ConnectAsync(server.LocalEndPoint, ann, cancellationToken: timeout.Token);
        ChatClient bobClient = await ChatClient.ConnectAsync(server.LocalEndPoint, bob, cancellationToken: timeout.Token);

        await annClient.JoinAsync("lobby", "ann");
        Assert.Equal(["ann", "bob"], await bobClient.JoinAsync("lobby", "bob"));
        await bobClient.SayAsync("lobby", "hi");
        Assert.Equal("lobby: bob joined", await ann.NextAsync(timeout.Token));
        Assert.Equal("lobby bob: hi", await ann.NextAsync(timeout.Token));

        // A second nick on the same connection, and speaking in a room not joined, are refused.
        await Assert.ThrowsAsync<RemoteException>(() => bobClient.JoinAsync("lobby", "ann"));
        await Assert.ThrowsAsync<RemoteException>(() => bobClient.SayAsync("elsewhere", "hello?"));

        await bobClient.DisposeAsync();
        Assert.Equal("lobby: bob left", await ann.NextAsync(timeout.Token));
        Assert.Equal(["ann"], await annClient.JoinAsync("lobby", "ann"));
    }

    private sealed class RecordingMember : IChatMember
    {
        private readonly Channel<string> _seen = Channel.CreateUnbounded<string>();

        public ValueTask MessageAsync(ChatMessage message)
        {
            _seen.Writer.TryWrite($"{message.Room} {message.From}: {message.Text}");
            return default;
        }

        public ValueTask PresenceAsync(string room, string nick, bool joined)
        {
            _seen.Writer.TryWrite($"{room}: {nick} {(joined ? "joined" : "left")}");
            return default;
        }

        /// <summary>The next thing pushed to this member about someone else (its own presence and lines are skipped).</summary>
        public async Task<string> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                string seen = await _seen.Reader.ReadAsync(cancellationToken);
                if (!seen.Contains("ann", StringComparison.Ordinal))
                {
                    return seen;
                }
            }
        }
    }
}
