using System.Collections.Immutable;
using SocketGen;

namespace SocketGen.Generators.Tests.EndToEnd;

// The types added by issue 15 §3, in parameters, results and fields: DateOnly, TimeOnly, Half, Int128, UInt128,
// value tuples (named, unnamed, nullable, nested), ImmutableArray<T>, HashSet<T>, IEnumerable<T> and
// IReadOnlyCollection<T>.

public sealed record Schedule(
    DateOnly Day, TimeOnly Start, Half Weight, Int128 Signed, UInt128 Unsigned, DateOnly? MaybeDay,
    (int Id, string Name) Owner, (DateOnly, TimeOnly?)? MaybeSlot, ((int, int) Inner, string? Label) Nested,
    ImmutableArray<int> Slots, ImmutableArray<string?> Notes, HashSet<string> Tags, IReadOnlyCollection<Point> Stops,
    IEnumerable<long> Log);

[SocketContract]
public interface IRicherTypesService
{
    Task<Schedule> EchoScheduleAsync(Schedule schedule);

    Task<(int Sum, string Joined)> SummarizeAsync(IEnumerable<int> numbers, IReadOnlyCollection<string> words);

    Task<int> CountDistinctAsync(HashSet<Guid> ids);

    ValueTask<(int, int)> SwapAsync((int A, int B) pair);

    Task<ImmutableArray<DateOnly>> DaysAsync(DateOnly from, int count);

    Task<HashSet<Half>?> EchoSetAsync(HashSet<Half>? set);

    Task<IEnumerable<TimeOnly>> EchoTimesAsync(IEnumerable<TimeOnly> times);

    Task<UInt128> AddWideAsync(UInt128 a, Int128 b);
}

/// <summary>Echoes what it gets; <see cref="SummarizeAsync"/> enumerates its sequences to prove they arrive whole.</summary>
public sealed class RicherTypesService : IRicherTypesService
{
    public Task<Schedule> EchoScheduleAsync(Schedule schedule) => Task.FromResult(schedule);

    public Task<(int Sum, string Joined)> SummarizeAsync(IEnumerable<int> numbers, IReadOnlyCollection<string> words)
        => Task.FromResult((numbers.Sum(), string.Join("+", words)));

    public Task<int> CountDistinctAsync(HashSet<Guid> ids) => Task.FromResult(ids.Count);

    public ValueTask<(int, int)> SwapAsync((int A, int B) pair) => ValueTask.FromResult((pair.B, pair.A));

    public Task<ImmutableArray<DateOnly>> DaysAsync(DateOnly from, int count)
        => Task.FromResult(Enumerable.Range(0, count).Select(from.AddDays).ToImmutableArray());

    public Task<HashSet<Half>?> EchoSetAsync(HashSet<Half>? set) => Task.FromResult(set);

    // Lazy on purpose: the server's encoder must enumerate it once, counting as it goes.
    public Task<IEnumerable<TimeOnly>> EchoTimesAsync(IEnumerable<TimeOnly> times) => Task.FromResult(times.Select(t => t));

    public Task<UInt128> AddWideAsync(UInt128 a, Int128 b) => Task.FromResult(a + (UInt128)b);
}
