namespace SocketGen;

/// <summary>Flow control of the streams clients send to the server (wire 1.2).</summary>
public sealed partial class SocketServerOptions
{
    private int _clientStreamWindow = 64;
    private int _clientStreamWindowBytes = 1024 * 1024;

    /// <summary>
    /// How many items of a client stream (a contract method's <c>IAsyncEnumerable&lt;T&gt;</c> or <c>Stream</c>
    /// parameter) the client may send ahead of the method reading them (default 64). Together with
    /// <see cref="ClientStreamWindowBytes"/> this bounds what one call's stream holds in the server's memory.
    /// </summary>
    public int ClientStreamWindow
    {
        get => _clientStreamWindow;
        set => _clientStreamWindow = Positive(value);
    }

    /// <summary>
    /// How many payload bytes of a client stream the client may send ahead of the method reading them (default
    /// 1 MiB). A call's stream holds at most this plus one frame (<see cref="MaxFramePayloadLength"/>) in memory,
    /// however large its items: a stream of 1 MiB items is held one or two items ahead, not 64.
    /// </summary>
    public int ClientStreamWindowBytes
    {
        get => _clientStreamWindowBytes;
        set => _clientStreamWindowBytes = Positive(value);
    }
}
