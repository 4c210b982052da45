using System.Net;
using SocketGen.Balancing;

namespace SocketGen.Tests.Balancing;

/// <summary>A resolver whose answer the test changes, resolved again every interval; counts how often it was asked.</summary>
internal sealed class ChangingResolver(TimeSpan refreshInterval, params EndPoint[] endPoints) : IServerResolver
{
    private volatile EndPoint[] _endPoints = endPoints;
    private int _resolutions;

    public string Name => "test-resolver";

    public string? HostName => null;

    public TimeSpan RefreshInterval => refreshInterval;

    public int Resolutions => Volatile.Read(ref _resolutions);

    public void Set(params EndPoint[] endPoints) => _endPoints = endPoints;

    public ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _resolutions);
        return new(_endPoints);
    }
}
