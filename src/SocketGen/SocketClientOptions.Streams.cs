namespace SocketGen;

/// <summary>Flow control of the streams the server sends to the client (byte windows, wire 1.2).</summary>
public sealed partial class SocketClientOptions
{
    private int _streamWindowBytes = 1024 * 1024;

    /// <summary>
    /// How many payload bytes of a server stream (an <c>IAsyncEnumerable&lt;T&gt;</c> or <c>Stream</c> result) the
    /// server may send ahead of the consumer (default 1 MiB), besides the <see cref="StreamWindow"/> items. The
    /// client holds at most this plus one frame of a stream in memory. A 1.1 server counts items only.
    /// </summary>
    public int StreamWindowBytes
    {
        get => _streamWindowBytes;
        set => _streamWindowBytes = SocketServerOptions.Positive(value);
    }
}
