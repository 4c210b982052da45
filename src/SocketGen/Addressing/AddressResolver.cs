using System.Net;
using System.Net.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// Host name resolution with getaddrinfo's semantics: every address of a host, IPv6 and IPv4, in the order the
/// system resolver gives them, one per address; literals without a lookup; a family filter like AF_INET /
/// AF_INET6 / AF_UNSPEC; and passive resolution (AI_PASSIVE) for servers.
/// </summary>
public static class AddressResolver
{
    /// <summary>Resolves a host name or address literal to its addresses.</summary>
    /// <param name="host">A host name, an IPv4 literal, or an IPv6 literal with or without brackets.</param>
    /// <param name="family"><see cref="AddressFamily.Unspecified"/> for both families, or one of them.</param>
    /// <param name="cancellationToken">Stops waiting for the resolver.</param>
    /// <returns>At least one address, in resolver order.</returns>
    /// <exception cref="SocketException">The lookup failed: <see cref="SocketError.HostNotFound"/>, <see cref="SocketError.TryAgain"/>, ...; the message names the host.</exception>
    public static async ValueTask<IReadOnlyList<IPAddress>> ResolveAsync(string host, AddressFamily family = AddressFamily.Unspecified, CancellationToken cancellationToken = default)
    {
        ValidateHost(host);
        ValidateFamily(family);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryParseLiteral(host, family, out var literal))
        {
            return literal;
        }

        // getaddrinfo blocks and cannot be cancelled: run it aside and stop waiting when asked.
        return await Task.Run(() => ResolveName(host, family), CancellationToken.None)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a host name or address literal to its addresses, blocking the caller.</summary>
    /// <param name="host">A host name, an IPv4 literal, or an IPv6 literal with or without brackets.</param>
    /// <param name="family"><see cref="AddressFamily.Unspecified"/> for both families, or one of them.</param>
    /// <returns>At least one address, in resolver order.</returns>
    /// <exception cref="SocketException">The lookup failed; the message names the host.</exception>
    public static IReadOnlyList<IPAddress> Resolve(string host, AddressFamily family = AddressFamily.Unspecified)
    {
        ValidateHost(host);
        ValidateFamily(family);
        return TryParseLiteral(host, family, out var literal) ? literal : ResolveName(host, family);
    }

    /// <summary>Resolves a host and port to the endpoints to try, in resolver order.</summary>
    /// <exception cref="SocketException">The lookup failed; the message names the host.</exception>
    public static async ValueTask<IReadOnlyList<IPEndPoint>> ResolveEndPointsAsync(string host, int port, AddressFamily family = AddressFamily.Unspecified, CancellationToken cancellationToken = default)
    {
        ValidatePort(port);
        var addresses = await ResolveAsync(host, family, cancellationToken).ConfigureAwait(false);
        var endPoints = new IPEndPoint[addresses.Count];
        for (int i = 0; i < endPoints.Length; i++)
        {
            endPoints[i] = new IPEndPoint(addresses[i], port);
        }

        return endPoints;
    }

    /// <summary>
    /// Resolves the address a server binds to (AI_PASSIVE). No host (null, empty or "*") gives the wildcard:
    /// <c>[::]</c>, which a dual-stack listener uses for IPv4 too, where the OS has IPv6; otherwise <c>0.0.0.0</c>.
    /// </summary>
    /// <exception cref="SocketException">The lookup failed; the message names the host.</exception>
    public static IReadOnlyList<IPAddress> ResolvePassive(string? host, AddressFamily family = AddressFamily.Unspecified)
    {
        ValidateFamily(family);
        if (string.IsNullOrEmpty(host) || host == "*")
        {
            bool ipv6 = family == AddressFamily.InterNetworkV6 || (family == AddressFamily.Unspecified && Socket.OSSupportsIPv6);
            return new[] { ipv6 ? IPAddress.IPv6Any : IPAddress.Any };
        }

        return Resolve(host, family);
    }

    /// <summary>Whether <paramref name="host"/> is an IP address literal (IPv6 with or without brackets).</summary>
    public static bool IsAddressLiteral(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return ParseLiteral(host) is not null;
    }

    internal static IPAddress? ParseLiteral(string host)
    {
        var text = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host.AsSpan(1, host.Length - 2) : host.AsSpan();
        // IPAddress.TryParse also accepts "1.2.3" and "0x7f.1" as inet_aton does, and getaddrinfo agrees.
        return IPAddress.TryParse(text, out var address) ? address : null;
    }

    internal static void ValidatePort(int port, string parameterName = "port")
    {
        if ((uint)port > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(parameterName, port, $"A port is a number from 0 to 65535; {port} is not.");
        }
    }

    private static bool TryParseLiteral(string host, AddressFamily family, out IReadOnlyList<IPAddress> result)
    {
        result = Array.Empty<IPAddress>();
        var literal = ParseLiteral(host);
        if (literal is null)
        {
            return false;
        }

        if (family != AddressFamily.Unspecified && literal.AddressFamily != family)
        {
            throw SystemResolver.ResolutionFailed(host, SocketError.HostNotFound,
                $"it is an {(literal.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, but only {family} was asked for");
        }

        result = new[] { literal };
        return true;
    }

    private static IPAddress[] ResolveName(string host, AddressFamily family)
    {
        var addresses = SystemResolver.Resolve(host, family);
        if (addresses.Length == 0)
        {
            throw SystemResolver.ResolutionFailed(host, SocketError.HostNotFound, "the resolver returned no addresses");
        }

        return addresses;
    }

    private static void ValidateHost(string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (host.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A host name cannot contain a NUL character.", nameof(host));
        }
    }

    private static void ValidateFamily(AddressFamily family)
    {
        if (family is not (AddressFamily.Unspecified or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "Only Unspecified, InterNetwork and InterNetworkV6 can be resolved.");
        }
    }
}
