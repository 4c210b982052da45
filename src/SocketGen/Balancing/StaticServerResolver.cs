using System.Net;

namespace SocketGen.Balancing;

/// <summary>A fixed list of servers: IP end points, Unix domain socket end points, or both.</summary>
public sealed class StaticServerResolver : IServerResolver
{
    private readonly EndPoint[] _endPoints;

    /// <summary>Serves these end points, in this order (the order pick-first follows).</summary>
    /// <param name="endPoints">The servers; at least one.</param>
    /// <param name="hostName">The name servers' TLS certificates carry, when TLS is used and the target host is not set.</param>
    public StaticServerResolver(IEnumerable<EndPoint> endPoints, string? hostName = null)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        _endPoints = endPoints.ToArray();
        if (_endPoints.Length == 0)
        {
            throw new ArgumentException("At least one end point is needed.", nameof(endPoints));
        }

        HostName = hostName;
        Name = "static:" + string.Join(",", _endPoints.Select(e => e.ToString()));
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string? HostName { get; }

    /// <inheritdoc/>
    public TimeSpan RefreshInterval => Timeout.InfiniteTimeSpan;

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken) => new(_endPoints);
}
