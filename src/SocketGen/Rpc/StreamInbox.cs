using System.Threading.Channels;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The receiving end of a stream, in either direction: items are decoded as they arrive into a queue that can
/// never hold more than the credit granted (in items, and in bytes when the window counts bytes); taking items
/// out earns credit back, granted once half the window (of items or of bytes) has been consumed.
/// </summary>
internal abstract class StreamInbox
{
    private readonly int _windowItems;
    private readonly int _windowBytes;
    private readonly int _maxPayloadLength;
    private long _outstandingItems;
    private long _outstandingBytes;
    private int _consumedItems;
    private long _consumedBytes;

    /// <param name="windowItems">The items the sender may run ahead of the consumer.</param>
    /// <param name="windowBytes">The payload bytes it may run ahead; 0 when the peer does not count bytes (wire 1.1).</param>
    /// <param name="maxPayloadLength">The frame cap: the byte credit may be overdrawn by at most one frame.</param>
    protected StreamInbox(int windowItems, int windowBytes, int maxPayloadLength)
    {
        _windowItems = windowItems;
        _windowBytes = windowBytes;
        _maxPayloadLength = maxPayloadLength;
        _outstandingItems = windowItems;
        _outstandingBytes = windowBytes;
    }

    /// <summary>True once the stream ended (normally, by an error, or because its call is over).</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The credit the first credit frame grants: the whole window.</summary>
    public uint InitialItems => (uint)_windowItems;

    /// <summary>The byte credit of the first credit frame; null when bytes are not counted.</summary>
    public uint? InitialBytes => _windowBytes > 0 ? (uint)_windowBytes : null;

    /// <summary>An item frame arrived: checks it against the credit and queues the decoded item.</summary>
    /// <exception cref="ProtocolViolationException">The sender overran its credit, or the item did not decode.</exception>
    public void OnItem(ref WireReader reader, int payloadLength)
    {
        if (Interlocked.Decrement(ref _outstandingItems) < 0)
        {
            throw new ProtocolViolationException($"The peer sent more stream items than the {_windowItems} credits it was granted.");
        }

        if (_windowBytes > 0 && Interlocked.Add(ref _outstandingBytes, -payloadLength) < -(long)_maxPayloadLength)
        {
            throw new ProtocolViolationException($"The peer sent more stream bytes than the {_windowBytes} bytes of credit it was granted.");
        }

        Enqueue(ref reader, payloadLength);
    }

    /// <summary>The sender ended the stream.</summary>
    public void OnEnd()
    {
        IsCompleted = true;
        Complete(null);
    }

    /// <summary>The stream failed (the sender's error, cancellation, or the connection's end).</summary>
    public void OnError(Exception error)
    {
        IsCompleted = true;
        Complete(error);
    }

    /// <summary>
    /// Counts an item the consumer took. True when credit should be granted now (half the window of items or of
    /// bytes was consumed): <paramref name="items"/> and <paramref name="bytes"/> are what to grant.
    /// </summary>
    public bool OnConsumed(int payloadLength, out uint items, out uint? bytes)
    {
        _consumedItems++;
        _consumedBytes += payloadLength;
        bool halfItems = _consumedItems * 2 >= _windowItems;
        bool halfBytes = _windowBytes > 0 && _consumedBytes * 2 >= _windowBytes;
        if (!halfItems && !halfBytes)
        {
            items = 0;
            bytes = null;
            return false;
        }

        items = (uint)_consumedItems;
        bytes = _windowBytes > 0 ? (uint)Math.Min(_consumedBytes, uint.MaxValue) : null;
        Interlocked.Add(ref _outstandingItems, _consumedItems);
        if (_windowBytes > 0)
        {
            Interlocked.Add(ref _outstandingBytes, _consumedBytes);
        }

        _consumedItems = 0;
        _consumedBytes = 0;
        return !IsCompleted && (items > 0 || bytes > 0);
    }

    /// <summary>Decodes one item and queues it with its payload length.</summary>
    protected abstract void Enqueue(ref WireReader reader, int payloadLength);

    /// <summary>Completes the queue, with an error or not.</summary>
    protected abstract void Complete(Exception? error);
}

/// <summary>A <see cref="StreamInbox"/> of items of one type.</summary>
internal sealed class StreamInbox<T> : StreamInbox
{
    private readonly Channel<(T Item, int Size)> _items = Channel.CreateUnbounded<(T, int)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly WireDecoder<T> _decoder;

    public StreamInbox(WireDecoder<T> decoder, int windowItems, int windowBytes, int maxPayloadLength)
        : base(windowItems, windowBytes, maxPayloadLength)
    {
        _decoder = decoder;
    }

    /// <summary>The decoded items with their payload lengths, in arrival order.</summary>
    public ChannelReader<(T Item, int Size)> Items => _items.Reader;

    protected override void Enqueue(ref WireReader reader, int payloadLength)
    {
        T item;
        try
        {
            item = _decoder(ref reader);
        }
        catch (Exception ex) when (ex is not ProtocolViolationException)
        {
            throw new ProtocolViolationException("A stream item did not decode: " + ex.Message, ex);
        }

        _items.Writer.TryWrite((item, payloadLength));
    }

    protected override void Complete(Exception? error) => _items.Writer.TryComplete(error);
}
