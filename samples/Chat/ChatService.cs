using System.Collections.Concurrent;
using SocketGen;

namespace Chat;

/// <summary>
/// The rooms. A member is a connection: its nick is kept on the connection (set once, at its first join), and when the
/// connection closes, for whatever reason, it leaves every room it was in.
/// </summary>
public sealed class ChatService : IChat
{
    private const string NickKey = "chat.nick";
    private const string RoomsKey = "chat.rooms";

    // Room name → the connections in it, by connection id.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, SocketConnectionContext>> _rooms = new(StringComparer.Ordinal);

    public async Task<string[]> JoinAsync(string room, string nick)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(room);
        ArgumentException.ThrowIfNullOrWhiteSpace(nick);
        SocketConnectionContext me = SocketCallContext.Current!.Connection;
        string myNick = (string)me.Items.GetOrAdd(NickKey, nick)!;
        if (myNick != nick)
        {
            throw new InvalidOperationException($"This connection joined as {myNick}; one nick per connection.");
        }

        var myRooms = (ConcurrentDictionary<string, bool>)me.Items.GetOrAdd(RoomsKey, _ => WatchForDisconnect(me))!;
        ConcurrentDictionary<long, SocketConnectionContext> members = _rooms.GetOrAdd(room, _ => new());
        if (members.TryAdd(me.Id, me))
        {
            myRooms[room] = true;
            await BroadcastAsync(members, m => m.PresenceAsync(room, myNick, joined: true));
        }

        return [.. members.Values.Select(NickOf).Order(StringComparer.Ordinal)];
    }

    public async Task LeaveAsync(string room)
    {
        SocketConnectionContext me = SocketCallContext.Current!.Connection;
        await RemoveAsync(me, room);
    }

    public async Task SayAsync(string room, string text)
    {
        SocketConnectionContext me = SocketCallContext.Current!.Connection;
        if (!_rooms.TryGetValue(room, out var members) || !members.ContainsKey(me.Id))
        {
            throw new InvalidOperationException($"Join {room} before saying something in it.");
        }

        // The sender is the nick this connection joined with, never a name the client sends along.
        var message = new ChatMessage(room, NickOf(me), text, DateTimeOffset.UtcNow);
        await BroadcastAsync(members, m => m.MessageAsync(message));
    }

    private static string NickOf(SocketConnectionContext connection) => (string?)connection.Items.GetValueOrDefault(NickKey) ?? "?";

    /// <summary>The member's room set, made at its first join, when its disconnect is also watched for.</summary>
    private ConcurrentDictionary<string, bool> WatchForDisconnect(SocketConnectionContext connection)
    {
        var rooms = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        connection.Closed.Register(() =>
        {
            foreach (string room in rooms.Keys)
            {
                _ = RemoveAsync(connection, room);
            }
        });
        return rooms;
    }

    private async Task RemoveAsync(SocketConnectionContext connection, string room)
    {
        if (_rooms.TryGetValue(room, out var members) && members.TryRemove(connection.Id, out _))
        {
            if (connection.Items.GetValueOrDefault(RoomsKey) is ConcurrentDictionary<string, bool> rooms)
            {
                rooms.TryRemove(room, out _);
            }

            await BroadcastAsync(members, m => m.PresenceAsync(room, NickOf(connection), joined: false));
        }
    }

    /// <summary>Pushes to every member; one that has just gone is skipped (its Closed callback removes it).</summary>
    private static async Task BroadcastAsync(ConcurrentDictionary<long, SocketConnectionContext> members, Func<IChatMember, ValueTask> push)
    {
        foreach (SocketConnectionContext member in members.Values)
        {
            try
            {
                await push(ChatServer.GetClient(member));
            }
            catch (CallNotStartedException)
            {
                // Disconnected between the snapshot and the push.
            }
        }
    }
}
