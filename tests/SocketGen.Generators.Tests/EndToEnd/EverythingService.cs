using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SocketGen.Generators.Tests.EndToEnd;

/// <summary>The server side of the end-to-end tests: echoes, streams, waits and fails on request.</summary>
public sealed class EverythingService : IEverythingService
{
    private readonly ConcurrentQueue<string> _recorded = new();

    /// <summary>Completes when a call to <see cref="WaitForCancellationAsync"/> has started.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the token of a waiting call or a stream was cancelled on the server.</summary>
    public TaskCompletionSource ServerSawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a one-way line arrives.</summary>
    public SemaphoreSlim LineRecorded { get; } = new(0);

    public Task<bool> IsHealthyAsync() => Task.FromResult(true);

    public Task<Everything> EchoEverythingAsync(Everything value) => Task.FromResult(value);

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => new(a + b);

    public Task<string?> EchoAsync(string? text) => Task.FromResult(text);

    public Task<Point[]> MirrorAsync(IReadOnlyList<Point> points) => Task.FromResult(points.Reverse().Select(p => new Point(-p.X, -p.Y)).ToArray());

    public ValueTask<Node?> EchoTreeAsync(Node? node) => new(node);

    public Task<Dictionary<string, List<Point?>?>> EchoMapAsync(Dictionary<string, List<Point?>?> map) => Task.FromResult(map);

    public ValueTask<ReadOnlyMemory<byte>> EchoBytesAsync(ReadOnlyMemory<byte> bytes) => new(bytes);

    public Task<int?> EchoNullableAsync(int? value) => Task.FromResult(value);

    public ValueTask<Mood> EchoMoodAsync(Mood mood) => new(mood);

    public ValueTask<DateTimeOffset> NowAsync() => new(new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.FromHours(2)));

    public Task NothingAsync() => Task.CompletedTask;

    public async IAsyncEnumerable<int> CountAsync(int upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var registration = cancellationToken.Register(() => ServerSawCancellation.TrySetResult());
        for (var i = 1; i <= upTo; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
            await Task.Yield();
        }
    }

    public async IAsyncEnumerable<Point> PointsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new Point(i, i * i);
        }
    }

    public async Task<int> DelayedEchoAsync(int value, int delayMilliseconds, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delayMilliseconds, cancellationToken);
        return value;
    }

    public async Task<int> WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => ServerSawCancellation.TrySetResult());
        WaitStarted.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return 0;
    }

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public ValueTask<int> FailSynchronouslyAsync() => throw new ArgumentException("thrown before any await");

    public ValueTask RecordAsync(string line)
    {
        _recorded.Enqueue(line);
        LineRecorded.Release();
        return ValueTask.CompletedTask;
    }

    public Task<string[]> RecordedAsync() => Task.FromResult(_recorded.ToArray());

    public Task<int> PinnedAsync(int value) => Task.FromResult(value * 10);
}
