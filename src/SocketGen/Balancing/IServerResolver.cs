using System.Net;

namespace SocketGen.Balancing;

/// <summary>
/// Tells a balanced client where its servers are. The client asks on first use and again every
/// <see cref="RefreshInterval"/>: servers that appear get connections and calls, servers that vanish get no new
/// calls and are closed once their calls in flight finished.
/// </summary>
public interface IServerResolver
{
    /// <summary>What is resolved, for log and error messages (for example <c>dns:svc.test:5000</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The host name servers' TLS certificates must carry when <see cref="Security.ClientTlsOptions.TargetHost"/>
    /// is not set; null when there is none (addresses, Unix sockets).
    /// </summary>
    string? HostName { get; }

    /// <summary>How often to resolve again; <see cref="Timeout.InfiniteTimeSpan"/> to resolve once.</summary>
    TimeSpan RefreshInterval { get; }

    /// <summary>The servers' end points now. An exception keeps the servers of the last resolution.</summary>
    /// <param name="cancellationToken">Cancels resolving.</param>
    /// <returns>The end points (IP or Unix domain socket); empty when the name has none.</returns>
    ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken);
}
