using SocketGen;

namespace Chat;

/// <summary>One line said in a room, as every member receives it. The server fills in who said it.</summary>
public sealed record ChatMessage(string Room, string From, string Text, DateTimeOffset At);

/// <summary>What a chat client implements: the server calls these to push to it.</summary>
public interface IChatMember
{
    /// <summary>Someone said something in a room this member is in (including the member itself).</summary>
    [OneWay]
    ValueTask MessageAsync(ChatMessage message);

    /// <summary>Someone joined or left a room this member is in.</summary>
    [OneWay]
    ValueTask PresenceAsync(string room, string nick, bool joined);
}

/// <summary>
/// A chat server: join rooms under a nick, say things, and hear everyone in your rooms. The server knows who
/// each connection is from the join, so a member cannot speak as someone else.
/// </summary>
[SocketContract(Callbacks = typeof(IChatMember))]
public interface IChat
{
    /// <summary>Joins <paramref name="room"/> under <paramref name="nick"/> (one nick per connection); returns who is in it now.</summary>
    Task<string[]> JoinAsync(string room, string nick);

    /// <summary>Leaves a room.</summary>
    Task LeaveAsync(string room);

    /// <summary>Says <paramref name="text"/> to everyone in <paramref name="room"/>; the caller must have joined it.</summary>
    Task SayAsync(string room, string text);
}
