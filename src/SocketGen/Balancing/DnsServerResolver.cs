using System.Net;
using SocketGen.Addressing;

namespace SocketGen.Balancing;

/// <summary>
/// Servers behind one DNS name (a Kubernetes headless Service, a round-robin record): every A and AAAA address
/// of the name, at one port, resolved again every <see cref="RefreshInterval"/>. By default the system resolver
/// answers (getaddrinfo: hosts file, then the name servers of resolv.conf); <see cref="NameServer"/> asks one DNS
/// server directly instead, over UDP, which needs no change to the machine's resolver configuration.
/// </summary>
public sealed class DnsServerResolver : IServerResolver
{
    /// <summary>Resolves <paramref name="host"/> every <paramref name="refreshInterval"/>.</summary>
    /// <param name="host">The DNS name.</param>
    /// <param name="port">The servers' port.</param>
    /// <param name="refreshInterval">How often to resolve again (default 30 seconds).</param>
    /// <param name="nameServer">A DNS server to ask directly (UDP); null for the system resolver.</param>
    public DnsServerResolver(string host, int port, TimeSpan? refreshInterval = null, IPEndPoint? nameServer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        TimeSpan interval = refreshInterval ?? TimeSpan.FromSeconds(30);
        if (interval <= TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshInterval), interval, "The refresh interval must be positive or infinite.");
        }

        Host = host;
        Port = port;
        RefreshInterval = interval;
        NameServer = nameServer;
        Name = $"dns:{host}:{port}" + (nameServer is null ? "" : $" (asking {nameServer})");
    }

    /// <summary>The DNS name.</summary>
    public string Host { get; }

    /// <summary>The servers' port.</summary>
    public int Port { get; }

    /// <summary>The DNS server asked directly, or null for the system resolver.</summary>
    public IPEndPoint? NameServer { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string? HostName => Host;

    /// <inheritdoc/>
    public TimeSpan RefreshInterval { get; }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> addresses = NameServer is null
            ? await AddressResolver.ResolveAsync(Host, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await DnsQuery.QueryAddressesAsync(NameServer, Host, cancellationToken).ConfigureAwait(false);
        var endPoints = new EndPoint[addresses.Count];
        for (int i = 0; i < endPoints.Length; i++)
        {
            endPoints[i] = new IPEndPoint(addresses[i], Port);
        }

        return endPoints;
    }
}
