using Microsoft.Extensions.Logging;

namespace SocketGen;

/// <summary>Limits and behaviour of a client connection.</summary>
public sealed partial class SocketClientOptions
{
    private int _maxFramePayloadLength = 1024 * 1024;
    private TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);
    private TimeSpan _callTimeout = Timeout.InfiniteTimeSpan;
    private TimeSpan _keepAliveInterval = TimeSpan.FromSeconds(30);
    private TimeSpan _keepAliveTimeout = TimeSpan.FromSeconds(90);
    private TimeSpan _reconnectBaseDelay = TimeSpan.FromMilliseconds(100);
    private TimeSpan _reconnectMaxDelay = TimeSpan.FromSeconds(10);
    private int _maxReconnectAttempts = 10;
    private int _streamWindow = 64;

    /// <summary>The largest frame payload sent or accepted, in bytes (default 1 MiB).</summary>
    public int MaxFramePayloadLength
    {
        get => _maxFramePayloadLength;
        set => _maxFramePayloadLength = SocketServerOptions.Positive(value);
    }

    /// <summary>How long connecting, including the preface exchange, may take (default 10 seconds).</summary>
    public TimeSpan HandshakeTimeout
    {
        get => _handshakeTimeout;
        set => _handshakeTimeout = SocketServerOptions.PositiveOrInfinite(value);
    }

    /// <summary>
    /// The deadline of every call (default none). The server is told the deadline and cancels the handler's
    /// token when it passes; the caller gets a <see cref="TimeoutException"/>. Any positive span works: it is
    /// rounded up to whole milliseconds, and one longer than 49.7 days (what the wire and a .NET timer carry) is 49.7 days.
    /// </summary>
    public TimeSpan CallTimeout
    {
        get => _callTimeout;
        set => _callTimeout = SocketServerOptions.PositiveOrInfinite(value);
    }

    /// <summary>When nothing arrived from the server for this long, a ping is sent (default 30 seconds; infinite disables keep-alive).</summary>
    public TimeSpan KeepAliveInterval
    {
        get => _keepAliveInterval;
        set => _keepAliveInterval = SocketServerOptions.PositiveOrInfinite(value);
    }

    /// <summary>When nothing arrived from the server for this long, the server is taken for dead and every pending call fails (default 90 seconds).</summary>
    public TimeSpan KeepAliveTimeout
    {
        get => _keepAliveTimeout;
        set => _keepAliveTimeout = SocketServerOptions.PositiveOrInfinite(value);
    }

    /// <summary>Whether a lost connection is re-established, with exponential backoff and jitter, for new calls (default false).</summary>
    public bool Reconnect { get; set; }

    /// <summary>The delay before the first reconnect attempt; each further attempt doubles it (default 100 ms).</summary>
    public TimeSpan ReconnectBaseDelay
    {
        get => _reconnectBaseDelay;
        set => _reconnectBaseDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>The longest delay between reconnect attempts (default 10 seconds).</summary>
    public TimeSpan ReconnectMaxDelay
    {
        get => _reconnectMaxDelay;
        set => _reconnectMaxDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>How many reconnect attempts are made before the calls waiting for them fail (default 10).</summary>
    public int MaxReconnectAttempts
    {
        get => _maxReconnectAttempts;
        set => _maxReconnectAttempts = SocketServerOptions.Positive(value);
    }

    /// <summary>How many stream items the server may send ahead of the consumer (flow-control window, default 64).</summary>
    public int StreamWindow
    {
        get => _streamWindow;
        set => _streamWindow = SocketServerOptions.Positive(value);
    }

    /// <summary>Where connection loss, keep-alive timeouts and reconnects are logged; null logs nothing and costs nothing.</summary>
    public ILogger? Logger { get; set; }
}
