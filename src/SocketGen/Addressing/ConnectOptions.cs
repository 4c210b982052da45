using System.Net;
using System.Net.Sockets;

namespace SocketGen.Addressing;

/// <summary>How <see cref="SocketConnector"/> resolves and connects.</summary>
public sealed class ConnectOptions
{
    /// <summary>RFC 8305's recommended Connection Attempt Delay.</summary>
    public static readonly TimeSpan DefaultAttemptDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The default for <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MinimumAttemptDelay = TimeSpan.FromMilliseconds(10);

    private TimeSpan _attemptDelay = DefaultAttemptDelay;
    private TimeSpan _connectTimeout = DefaultConnectTimeout;
    private AddressFamily _addressFamily = AddressFamily.Unspecified;

    /// <summary>
    /// How long to wait for an attempt before starting the next address in parallel (RFC 8305's Connection
    /// Attempt Delay). Default 250 ms; at least 10 ms, the floor RFC 8305 sets so attempts do not flood the network.
    /// </summary>
    public TimeSpan AttemptDelay
    {
        get => _attemptDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumAttemptDelay, nameof(AttemptDelay));
            _attemptDelay = value;
        }
    }

    /// <summary>
    /// The limit for the whole connect, resolution included. Default 30 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> leaves only the OS's own limits and the cancellation token.
    /// </summary>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        set
        {
            if (value != Timeout.InfiniteTimeSpan)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(ConnectTimeout));
            }

            _connectTimeout = value;
        }
    }

    /// <summary>
    /// Which addresses of a host to try: <see cref="AddressFamily.Unspecified"/> (default) for both,
    /// <see cref="AddressFamily.InterNetwork"/> for IPv4 only, <see cref="AddressFamily.InterNetworkV6"/> for IPv6 only.
    /// </summary>
    public AddressFamily AddressFamily
    {
        get => _addressFamily;
        set
        {
            if (value is not (AddressFamily.Unspecified or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                throw new ArgumentOutOfRangeException(nameof(AddressFamily), value, "Only Unspecified, InterNetwork and InterNetworkV6 are address families to connect with.");
            }

            _addressFamily = value;
        }
    }

    /// <summary>Sets TCP_NODELAY on the connection (default true): request/response traffic should not wait for Nagle.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Replaces the single-address TCP connect, so tests can script attempts that fail or never answer.</summary>
    internal Func<IPEndPoint, CancellationToken, ValueTask<Socket>>? ConnectAttempt { get; set; }

    internal static ConnectOptions Default { get; } = new();
}
