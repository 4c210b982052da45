using SocketGen;

namespace Quickstart;

/// <summary>The contract: the generator writes CalculatorClient, CalculatorServer and the codecs from it.</summary>
[SocketContract]
public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    Task<string?> EchoAsync(string? text);

    Task<Point[]> MirrorAsync(IReadOnlyList<Point> points);

    IAsyncEnumerable<int> CountAsync(int upTo, CancellationToken cancellationToken = default);

    Task<int> DivideAsync(int dividend, int divisor);

    [OneWay]
    ValueTask LogAsync(string line);
}

public sealed record Point(int X, int Y);

/// <summary>The server's implementation of the contract.</summary>
public sealed class Calculator : ICalculator
{
    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => new(a + b);

    public Task<string?> EchoAsync(string? text) => Task.FromResult(text);

    public Task<Point[]> MirrorAsync(IReadOnlyList<Point> points) => Task.FromResult(points.Select(p => new Point(-p.X, -p.Y)).ToArray());

    public async IAsyncEnumerable<int> CountAsync(int upTo, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= upTo; i++)
        {
            await Task.Delay(10, cancellationToken);
            yield return i;
        }
    }

    public Task<int> DivideAsync(int dividend, int divisor) => Task.FromResult(dividend / divisor);

    /// <summary>The first line a client logged: one-way calls return before the server runs them.</summary>
    public TaskCompletionSource<string> FirstLogLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask LogAsync(string line)
    {
        FirstLogLine.TrySetResult(line);
        return ValueTask.CompletedTask;
    }
}
