using System.Collections.Concurrent;

namespace SocketGen.Tests.Callbacks;

/// <summary>The room: who joined is kept with each connection; a connection that closes leaves.</summary>
public sealed class RoomService : IRoom
{
    private readonly ConcurrentDictionary<long, SocketConnectionContext> _members = new();

    /// <summary>Where <see cref="ForwardRemainingAsync"/> calls; null when nothing is downstream.</summary>
    public IRoom? Downstream { get; set; }

    /// <summary>Released once per member whose connection closed (it left the room).</summary>
    public SemaphoreSlim Left { get; } = new(0);

    /// <summary>Every connection that ever joined, kept to reach its client after it left.</summary>
    public ConcurrentBag<SocketConnectionContext> Joined { get; } = new();

    public int MemberCount => _members.Count;

    public Task<long> JoinAsync(string nick)
    {
        SocketConnectionContext connection = SocketCallContext.Current!.Connection;
        connection.Items["nick"] = nick;
        if (_members.TryAdd(connection.Id, connection))
        {
            Joined.Add(connection);
            connection.Closed.Register(() =>
            {
                _members.TryRemove(connection.Id, out _);
                Left.Release();
            });
        }

        return Task.FromResult(connection.Id);
    }

    public async Task SayAsync(string text)
    {
        // The sender is whoever this connection joined as: never an id the client sends.
        SocketConnectionContext sender = SocketCallContext.Current!.Connection;
        var line = new ChatLine((string?)sender.Items.GetValueOrDefault("nick") ?? "?", text);
        foreach (SocketConnectionContext member in _members.Values)
        {
            try
            {
                await RoomServer.GetClient(member).ReceiveAsync(line);
            }
            catch (CallNotStartedException)
            {
                // The member left while the line was on its way; its Closed callback removes it.
            }
        }
    }

    public async Task<string> AskCallerAsync(string question)
    {
        try
        {
            return await RoomServer.Caller.AskAsync(question);
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    public Task<Dictionary<string, string>> MetadataAsync() =>
        Task.FromResult(new Dictionary<string, string>(SocketCallContext.Current!.Metadata));

    public Task<long> RemainingAsync()
    {
        DateTime? deadline = SocketCallContext.Current!.Deadline;
        return Task.FromResult(deadline is { } at ? (long)(at - DateTime.UtcNow).TotalMilliseconds : -1);
    }

    public Task<long> ForwardRemainingAsync() => (Downstream ?? throw new InvalidOperationException("Nothing is downstream.")).RemainingAsync();
}

/// <summary>A member's side: what it heard, and how it answers questions.</summary>
public sealed class TestMember : IRoomMember
{
    private readonly Func<string, CancellationToken, Task<string>> _answer;

    public TestMember(Func<string, CancellationToken, Task<string>>? answer = null)
    {
        _answer = answer ?? ((question, _) => Task.FromResult("answer to " + question));
    }

    public System.Threading.Channels.Channel<ChatLine> Heard { get; } = System.Threading.Channels.Channel.CreateUnbounded<ChatLine>();

    /// <summary>The connection id the member's callbacks saw in their call context.</summary>
    public long? CallbackConnectionId { get; private set; }

    public ValueTask ReceiveAsync(ChatLine line)
    {
        CallbackConnectionId = SocketCallContext.Current?.Connection.Id;
        Heard.Writer.TryWrite(line);
        return default;
    }

    public Task<string> AskAsync(string question, CancellationToken cancellationToken = default) => _answer(question, cancellationToken);
}
