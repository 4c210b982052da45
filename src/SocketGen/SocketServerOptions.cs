using Microsoft.Extensions.Logging;

namespace SocketGen;

/// <summary>
/// Limits and behaviour of a <see cref="SocketServer"/>. The defaults are safe for a server on an open
/// network; a limit that is violated closes only the offending connection, with a logged reason.
/// </summary>
public sealed partial class SocketServerOptions
{
    private int _maxFramePayloadLength = 1024 * 1024;
    private int _maxConcurrentCallsPerConnection = 100;
    private int _maxConnections = 10_000;
    private TimeSpan _idleTimeout = TimeSpan.FromMinutes(2);
    private TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _drainTimeout = TimeSpan.FromSeconds(30);
    private int _listenBacklog = 512;
    private int _maxQueuedCallsPerConnection = 1000;
    private int _maxStreamCredit = 65_536;
    private int _minSendDataRate = 240;
    private TimeSpan _minSendDataRateGracePeriod = TimeSpan.FromSeconds(5);
    private int _maxQueuedCallBytesPerConnection = 4 * 1024 * 1024;

    /// <summary>
    /// The largest frame payload accepted, in bytes (default 1 MiB). A frame that declares more is refused
    /// from its header, before any buffer is sized for it, and its connection is closed.
    /// </summary>
    public int MaxFramePayloadLength
    {
        get => _maxFramePayloadLength;
        set => _maxFramePayloadLength = Positive(value);
    }

    /// <summary>
    /// How many calls one connection may have running at once (default 100). Requests beyond it wait in the
    /// connection's queue (<see cref="MaxQueuedCallsPerConnection"/>, <see cref="MaxQueuedCallBytesPerConnection"/>)
    /// and start in arrival order as running calls finish. The server keeps reading meanwhile, so pings,
    /// cancellations and stream credit are always answered.
    /// </summary>
    public int MaxConcurrentCallsPerConnection
    {
        get => _maxConcurrentCallsPerConnection;
        set => _maxConcurrentCallsPerConnection = Positive(value);
    }

    /// <summary>
    /// How many requests may wait on one connection for a call slot (default 1,000; 0 refuses at once).
    /// A request beyond this, or beyond <see cref="MaxQueuedCallBytesPerConnection"/>, is refused with
    /// <see cref="Rpc.RpcErrorCode.Refused"/>: the caller gets <see cref="CallNotStartedException"/>, safe to retry.
    /// </summary>
    public int MaxQueuedCallsPerConnection
    {
        get => _maxQueuedCallsPerConnection;
        set => _maxQueuedCallsPerConnection = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
    }

    /// <summary>
    /// The most stream credit (items the client has allowed but not yet received) one stream call may hold
    /// (default 65,536). Credit a client grants beyond it is ignored; a SocketGen client never grants more
    /// than its <see cref="SocketClientOptions.StreamWindow"/>. Memory is bounded in bytes by the send backlog
    /// regardless: a stream waits for room in it before producing its next item.
    /// </summary>
    public int MaxStreamCredit
    {
        get => _maxStreamCredit;
        set => _maxStreamCredit = Positive(value);
    }

    /// <summary>
    /// The slowest a client may take the bytes the server has for it, in bytes per second (default 240, as
    /// Kestrel's <c>MinResponseDataRate</c>; 0 disables it). While answers wait to be sent, a connection whose
    /// sending progressed slower than this over <see cref="MinSendDataRateGracePeriod"/> is closed with the
    /// logged reason "min data rate": a client that stops reading cannot hold the server's memory.
    /// </summary>
    public int MinSendDataRate
    {
        get => _minSendDataRate;
        set => _minSendDataRate = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
    }

    /// <summary>How long sending may stay below <see cref="MinSendDataRate"/> before the connection is closed (default 5 seconds).</summary>
    public TimeSpan MinSendDataRateGracePeriod
    {
        get => _minSendDataRateGracePeriod;
        set => _minSendDataRateGracePeriod = PositiveOrInfinite(value);
    }

    /// <summary>The most payload bytes the requests waiting for a slot on one connection may hold together (default 4 MiB).</summary>
    public int MaxQueuedCallBytesPerConnection
    {
        get => _maxQueuedCallBytesPerConnection;
        set => _maxQueuedCallBytesPerConnection = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must not be negative.");
    }

    /// <summary>How many connections the server keeps open at once (default 10,000); more are accepted and closed at once.</summary>
    public int MaxConnections
    {
        get => _maxConnections;
        set => _maxConnections = Positive(value);
    }

    /// <summary>
    /// A connection with no call running that has not completed a frame for this long is closed (default
    /// 2 minutes). Clients keep a connection open with keep-alive pings. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set => _idleTimeout = PositiveOrInfinite(value);
    }

    /// <summary>A connection that has not sent a complete, valid preface this long after accept is closed (default 10 seconds).</summary>
    public TimeSpan HandshakeTimeout
    {
        get => _handshakeTimeout;
        set => _handshakeTimeout = PositiveOrInfinite(value);
    }

    /// <summary>How long <see cref="SocketServer.StopAsync"/> lets calls in flight finish before cancelling them (default 30 seconds).</summary>
    public TimeSpan DrainTimeout
    {
        get => _drainTimeout;
        set => _drainTimeout = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>
    /// Listen with SO_REUSEPORT (default false), so several server processes on one machine can serve one port and
    /// the kernel spreads new connections over them. See <see cref="Sockets.SocketListenerOptions.ReusePort"/>.
    /// </summary>
    public bool ReusePort { get; set; }

    /// <summary>The listen backlog: connections the operating system queues before they are accepted (default 512).</summary>
    public int ListenBacklog
    {
        get => _listenBacklog;
        set => _listenBacklog = Positive(value);
    }

    /// <summary>
    /// Whether error frames carry the server exception's message and stack trace (default false). Off, a
    /// client learns only the exception's type name and a generic message: messages and stack traces can
    /// carry file paths, connection strings or user data the server never meant to publish. Turn it on in
    /// development, or for services whose clients are trusted (gRPC's <c>EnableDetailedErrors</c>).
    /// </summary>
    public bool IncludeExceptionDetails { get; set; }

    /// <summary>Where connection closes, limit violations and failures are logged; null logs nothing and costs nothing.</summary>
    public ILogger? Logger { get; set; }

    internal static int Positive(int value) => value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive.");

    internal static TimeSpan PositiveOrInfinite(TimeSpan value) =>
        value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be positive or Timeout.InfiniteTimeSpan.");
}
