using Microsoft.Extensions.Logging;
using SocketGen.Security;

namespace SocketGen.Connections;

/// <summary>
/// What a <see cref="FramedConnection"/> needs to know from its side's options: limits, timeouts, keep-alive
/// and which end of the connection it is. Built once per client or server and shared by its connections.
/// </summary>
internal sealed class ConnectionSettings
{
    private ConnectionSettings(bool isAccepted, string peerName, int maxFramePayloadLength, TimeSpan handshakeTimeout, ILogger? logger)
    {
        IsAccepted = isAccepted;
        PeerName = peerName;
        MaxFramePayloadLength = maxFramePayloadLength;
        HandshakeTimeout = handshakeTimeout;
        Logger = logger;
    }

    /// <summary>
    /// True on the accepting end: it waits for the peer's preface, authenticates the peer, then sends its own;
    /// false on the connecting end, which sends its preface first.
    /// </summary>
    public bool IsAccepted { get; }

    /// <summary>What the other end is called in messages ("server" or "client").</summary>
    public string PeerName { get; }

    public int MaxFramePayloadLength { get; }

    public TimeSpan HandshakeTimeout { get; }

    /// <summary>How long the peer may stay silent before a ping is sent; infinite for no pings.</summary>
    public TimeSpan KeepAliveInterval { get; private init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long the peer may stay silent (pings unanswered) before the connection is dropped.</summary>
    public TimeSpan KeepAliveTimeout { get; private init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a connection with no call in flight may go without a complete frame before it is closed.</summary>
    public TimeSpan IdleTimeout { get; private init; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// True to send what a receive produced from the receive loop's own thread (a server answers a read's
    /// calls in one send, as a hand-written server would); false to wake the send loop on the thread pool.
    /// </summary>
    public bool SendsFromReceiveLoop { get; private init; }

    /// <summary>
    /// True to stop reading while the send backlog is over its limit: a peer that does not read its answers
    /// cannot make this side buffer more of them. Only the serving side does this; a caller must keep
    /// reading (the server may be waiting for room to send what frees the caller's backlog).
    /// </summary>
    public bool StopsReadingWhenBacklogged { get; private init; }

    /// <summary>The slowest the peer may take what this side has to send, in bytes per second; 0 for no minimum.</summary>
    public int MinSendDataRate { get; private init; }

    /// <summary>How long sending may stay below <see cref="MinSendDataRate"/> before the connection is closed.</summary>
    public TimeSpan MinSendDataRateGracePeriod { get; private init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Authenticates an accepted connection once its preface arrived; null to let every peer in.</summary>
    public ConnectionAuthenticator? Authenticator { get; private init; }

    /// <summary>The payload cap for frames that arrive before the authenticator let the connection in.</summary>
    public int PreAuthenticationMaxFramePayloadLength { get; private init; }

    /// <summary>The contract served, for the authenticator's context.</summary>
    public string ContractName { get; private init; } = string.Empty;

    public ILogger? Logger { get; }

    /// <summary>True on a client that registered callbacks: its preface tells the server it serves calls (wire 1.2).</summary>
    public bool ServesPeerCalls { get; private init; }

    public static ConnectionSettings ForServer(SocketServerOptions options, string contractName) =>
        new(isAccepted: true, "client", options.MaxFramePayloadLength, options.HandshakeTimeout, options.Logger)
        {
            IdleTimeout = options.IdleTimeout,
            MinSendDataRate = options.MinSendDataRateGracePeriod == Timeout.InfiniteTimeSpan ? 0 : options.MinSendDataRate,
            MinSendDataRateGracePeriod = options.MinSendDataRateGracePeriod,
            SendsFromReceiveLoop = true,
            StopsReadingWhenBacklogged = true,
            Authenticator = options.ConnectionAuthenticator,
            PreAuthenticationMaxFramePayloadLength = options.PreAuthenticationMaxFramePayloadLength,
            ContractName = contractName,
        };

    public static ConnectionSettings ForClient(SocketClientOptions options, bool servesPeerCalls = false) =>
        new(isAccepted: false, "server", options.MaxFramePayloadLength, options.HandshakeTimeout, options.Logger)
        {
            ServesPeerCalls = servesPeerCalls,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        };
}
