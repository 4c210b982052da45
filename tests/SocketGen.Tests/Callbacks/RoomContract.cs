namespace SocketGen.Tests.Callbacks;

/// <summary>A chat line as members receive it: the server names the sender.</summary>
public sealed record ChatLine(string From, string Text);

/// <summary>What a room's members implement: the calls the server makes to them.</summary>
public interface IRoomMember
{
    [OneWay]
    ValueTask ReceiveAsync(ChatLine line);

    Task<string> AskAsync(string question, CancellationToken cancellationToken = default);
}

/// <summary>A room: members join with a nick and hear everything said in it, pushed by the server.</summary>
[SocketContract(Callbacks = typeof(IRoomMember))]
public interface IRoom
{
    /// <summary>Joins under <paramref name="nick"/>; returns the connection id the server gave the caller.</summary>
    Task<long> JoinAsync(string nick);

    /// <summary>Says something to every member; the sender is the nick the caller's connection joined with.</summary>
    Task SayAsync(string text);

    /// <summary>Asks the caller through its callbacks and returns its answer, or the failure's type and message.</summary>
    Task<string> AskCallerAsync(string question);

    /// <summary>The metadata the call carried.</summary>
    Task<Dictionary<string, string>> MetadataAsync();

    /// <summary>The milliseconds the call had left when it started, or -1 without a deadline.</summary>
    Task<long> RemainingAsync();

    /// <summary>Calls <see cref="RemainingAsync"/> on another server from inside this call, and returns what it saw.</summary>
    Task<long> ForwardRemainingAsync();
}
