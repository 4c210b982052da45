using System.Threading.Channels;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The client side of a server-to-client stream. Items are decoded as they arrive into a channel that can
/// never hold more than the credit the client granted; consuming items grants more.
/// </summary>
internal sealed class StreamCall<T> : PendingCall
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly WireDecoder<T> _decoder;
    private readonly int _window;
    private int _outstanding;
    private int _consumedSinceGrant;

    public StreamCall(WireDecoder<T> decoder, int window)
    {
        _decoder = decoder;
        _window = window;
        _outstanding = window;
    }

    public override bool IsStream => true;

    public ChannelReader<T> Items => _items.Reader;

    public bool Finished { get; private set; }

    public override void OnResponse(ref WireReader reader) =>
        throw new ProtocolViolationException($"The server sent a unary response for stream call {CallId}.");

    public override void OnStreamItem(ref WireReader reader)
    {
        if (Interlocked.Decrement(ref _outstanding) < 0)
        {
            throw new ProtocolViolationException($"The server sent more stream items than the {_window} credits it was granted.");
        }

        T item;
        try
        {
            item = _decoder(ref reader);
        }
        catch (Exception ex) when (ex is not ProtocolViolationException)
        {
            throw new ProtocolViolationException("A stream item did not decode: " + ex.Message, ex);
        }

        _items.Writer.TryWrite(item);
    }

    public override void OnStreamEnd()
    {
        EndActivity(null);
        Finished = true;
        _items.Writer.TryComplete();
    }

    public override void OnError(Exception error)
    {
        EndActivity(error);
        Finished = true;
        _items.Writer.TryComplete(error);
    }

    /// <summary>Counts a consumed item; returns the credit to grant when half the window has been consumed, else 0.</summary>
    public int OnConsumed()
    {
        _consumedSinceGrant++;
        if (_consumedSinceGrant * 2 < _window)
        {
            return 0;
        }

        int grant = _consumedSinceGrant;
        _consumedSinceGrant = 0;
        Interlocked.Add(ref _outstanding, grant);
        return grant;
    }
}
