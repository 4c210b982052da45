using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SocketGen.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// Connects a stream socket the way the BSD tutorials loop over getaddrinfo's results, but fast: every address of
/// the host is tried, Happy Eyeballs style (RFC 8305), and the first that answers wins.
/// </summary>
/// <remarks>
/// Names are resolved by one getaddrinfo call for both families (the system's order, RFC 6724 sorting included),
/// not by RFC 8305's separate AAAA and A queries: connecting starts once the resolver has answered for both.
/// </remarks>
public static class SocketConnector
{
    /// <summary>Resolves <paramref name="host"/> and connects to the first of its addresses that answers.</summary>
    /// <param name="host">A host name or an IP literal (IPv6 with or without brackets).</param>
    /// <param name="port">The TCP port, 1 to 65535.</param>
    /// <param name="options">Attempt delay, overall timeout, family filter; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels resolution and every attempt.</param>
    /// <returns>The connection; every losing socket has been closed.</returns>
    /// <exception cref="SocketException">Resolution failed (HostNotFound, TryAgain, naming the host), or every attempt failed:
    /// the most telling error, with every address and its error in the message; TimedOut when the connect timeout expired.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<SocketConnection> ConnectAsync(string host, int port, ConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ValidateConnectPort(port);
        options ??= ConnectOptions.Default;
        return await ConnectToHostAsync(host, port, options.AddressFamily, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to an <see cref="IPEndPoint"/>, a <see cref="DnsEndPoint"/> (every address tried) or a <see cref="UnixDomainSocketEndPoint"/>.</summary>
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="options">Attempt delay, overall timeout, family filter; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels resolution and every attempt.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="SocketException">The connect failed; the message names the endpoint and the OS's error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<SocketConnection> ConnectAsync(EndPoint endPoint, ConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= ConnectOptions.Default;
        switch (endPoint)
        {
            case IPEndPoint ip:
                ValidateConnectPort(ip.Port, nameof(endPoint));
                return await ConnectToAddressesAsync(SocketErrors.Describe(ip), new[] { ip }, options, cancellationToken).ConfigureAwait(false);
            case DnsEndPoint dns:
                ValidateConnectPort(dns.Port, nameof(endPoint));
                var family = dns.AddressFamily == AddressFamily.Unspecified ? options.AddressFamily : dns.AddressFamily;
                return await ConnectToHostAsync(dns.Host, dns.Port, family, options, cancellationToken).ConfigureAwait(false);
            case UnixDomainSocketEndPoint unix:
                return await ConnectUnixAsync(unix, options, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentException($"Cannot connect to a {endPoint.GetType().Name}; use IPEndPoint, DnsEndPoint or UnixDomainSocketEndPoint.", nameof(endPoint));
        }
    }

    /// <summary>
    /// Connects to the first of <paramref name="endPoints"/> that answers, Happy Eyeballs style, trying them in the
    /// order given (for addresses the caller resolved or chose itself).
    /// </summary>
    /// <param name="endPoints">At least one address to try, in order.</param>
    /// <param name="options">Attempt delay and overall timeout; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels every attempt.</param>
    /// <returns>The connection; every losing socket has been closed.</returns>
    /// <exception cref="SocketException">Every attempt failed: the most telling error, with every address and its error in the message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<SocketConnection> ConnectToAnyAsync(IReadOnlyList<IPEndPoint> endPoints, ConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        if (endPoints.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is needed to connect to.", nameof(endPoints));
        }

        foreach (var endPoint in endPoints)
        {
            if (endPoint is null)
            {
                throw new ArgumentException("The endpoints cannot contain null.", nameof(endPoints));
            }

            ValidateConnectPort(endPoint.Port, nameof(endPoints));
        }

        options ??= ConnectOptions.Default;
        string target = endPoints.Count == 1 ? SocketErrors.Describe(endPoints[0]) : string.Join(", ", endPoints.Select(SocketErrors.Describe));
        return await ConnectToAddressesAsync(target, endPoints.ToArray(), options, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<SocketConnection> ConnectToHostAsync(string host, int port, AddressFamily family, ConnectOptions options, CancellationToken cancellationToken)
    {
        string target = Target(host, port);
        using var timeout = StartTimeout(options);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IReadOnlyList<IPEndPoint> endPoints;
        try
        {
            endPoints = await AddressResolver.ResolveEndPointsAsync(host, port, family, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SocketException((int)SocketError.TimedOut,
                $"Could not connect to {target}: resolving '{host}' took longer than the connect timeout ({options.ConnectTimeout.TotalMilliseconds} ms).");
        }

        var socket = await HappyEyeballs.ConnectAsync(target, HappyEyeballs.Interleave(endPoints), options, timeout.Token, cancellationToken).ConfigureAwait(false);
        return Connected(socket, options);
    }

    private static async ValueTask<SocketConnection> ConnectToAddressesAsync(string target, IReadOnlyList<IPEndPoint> endPoints, ConnectOptions options, CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(options);
        var socket = await HappyEyeballs.ConnectAsync(target, endPoints, options, timeout.Token, cancellationToken).ConfigureAwait(false);
        return Connected(socket, options);
    }

    private static async ValueTask<SocketConnection> ConnectUnixAsync(UnixDomainSocketEndPoint endPoint, ConnectOptions options, CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(options);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
            return new SocketConnection(socket, knownRemote: endPoint);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut, $"Connecting to {SocketErrors.Describe(endPoint)} failed: TimedOut (no answer within {options.ConnectTimeout.TotalMilliseconds} ms).");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw SocketErrors.WithEndPoint(ex, "Connecting to", endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SocketConnection Connected(Socket socket, ConnectOptions options)
    {
        try
        {
            if (options.NoDelay && socket.ProtocolType == ProtocolType.Tcp)
            {
                socket.NoDelay = true;
            }

            return new SocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static CancellationTokenSource StartTimeout(ConnectOptions options)
    {
        var timeout = new CancellationTokenSource();
        if (options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(Timing.Timeouts.ForTimer(options.ConnectTimeout));
        }

        return timeout;
    }

    private static string Target(string host, int port)
    {
        string portText = port.ToString(CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) && host[0] != '[' ? $"[{host}]:{portText}" : $"{host}:{portText}";
    }

    private static void ValidateConnectPort(int port, string parameterName = "port")
    {
        AddressResolver.ValidatePort(port, parameterName);
        if (port == 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, port, "Port 0 means 'any port' when binding; a connection needs the server's real port (1 to 65535).");
        }
    }
}
