using SocketGen;

namespace SocketGen.Generators.Tests.EndToEnd;

// A contract whose argument types can refuse well-framed bytes: a dictionary (null or repeated keys) and a
// record whose constructor validates. The malformed-payload tests send it bytes its own client never would.

public sealed record Percent(int Value)
{
    public int Value { get; } = Value is >= 0 and <= 100 ? Value : throw new ArgumentOutOfRangeException(nameof(Value), Value, "A percent is 0 to 100.");
}

[SocketContract]
public interface IPickyService
{
    Task<int> TallyAsync(Dictionary<string, int> counts);

    Task<int> ScoreAsync(Percent percent);

    Task<int> TallyByPercentAsync(Dictionary<Percent, int> counts);
}

/// <summary>Counts how often its methods actually ran: a malformed payload must never reach them.</summary>
public sealed class PickyService : IPickyService
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task<int> TallyAsync(Dictionary<string, int> counts)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(counts.Values.Sum());
    }

    public Task<int> ScoreAsync(Percent percent)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(percent.Value);
    }

    public Task<int> TallyByPercentAsync(Dictionary<Percent, int> counts)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(counts.Values.Sum());
    }
}
