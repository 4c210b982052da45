namespace SocketGen.Rpc;

/// <summary>
/// The credit a stream's sender holds (docs/wire-format.md §11.3): items, and from the first credit frame that
/// carries a byte count on, bytes. An item frame may go out while at least one item and at least one byte of
/// credit are held; its payload length is then taken from the bytes, which may go below zero by that one frame.
/// One class for both directions: a server's stream to the client and a client's stream to the server.
/// </summary>
internal sealed class StreamSendCredit
{
    // Bytes held beyond this are ignored, as items beyond MaxStreamCredit are: a credit flood grows nothing.
    private const long MaxByteCredit = 1L << 40;

    private readonly EngineLock _lock = new();
    private readonly int _maxItems;
    private long _items;
    private long _bytes = long.MaxValue;
    private bool _countsBytes;
    private bool _closed;
    private CancellationToken _cancelledBy;
    private TaskCompletionSource? _waiter;

    /// <param name="maxItems">The most item credit held at once; credit granted beyond it is ignored.</param>
    public StreamSendCredit(int maxItems)
    {
        _maxItems = maxItems;
    }

    /// <summary>True while an item may be sent now.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_lock)
            {
                return _items > 0 && _bytes > 0;
            }
        }
    }

    /// <summary>Adds granted credit. <paramref name="bytes"/> is null for a credit frame without a byte count (wire 1.1).</summary>
    /// <exception cref="ProtocolViolationException">The credit grants nothing.</exception>
    public void Add(uint items, uint? bytes)
    {
        if (items == 0 && bytes is null or 0)
        {
            throw new ProtocolViolationException("A stream credit that grants nothing is not valid.");
        }

        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _items = Math.Min(_items + items, _maxItems);
            if (bytes is { } granted)
            {
                if (!_countsBytes)
                {
                    // Nothing was sent before the first credit, so counting starts from zero here.
                    _countsBytes = true;
                    _bytes = 0;
                }

                _bytes = Math.Min(_bytes + granted, MaxByteCredit);
            }

            if (_items > 0 && _bytes > 0)
            {
                wake = _waiter;
                _waiter = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Makes a waiting (and every later) <see cref="WaitAsync"/> throw <see cref="OperationCanceledException"/>
    /// once <paramref name="cancellationToken"/> is cancelled. Register this before the producer's user code
    /// registers anything on the token: callbacks run last-registered first, so the producer is then woken only
    /// after the user's own callbacks ran (a producer woken first would end the user's iterator, and with it
    /// the registrations whose callbacks had not run yet).
    /// </summary>
    public CancellationTokenRegistration CancelOn(CancellationToken cancellationToken) =>
        cancellationToken.UnsafeRegister(static (state, token) => ((StreamSendCredit)state!).Cancel(token), this);

    /// <summary>Waits until an item may be sent; false once the stream is closed.</summary>
    /// <exception cref="OperationCanceledException">The token given to <see cref="CancelOn"/> was cancelled.</exception>
    public async ValueTask<bool> WaitAsync()
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                _cancelledBy.ThrowIfCancellationRequested();
                if (_closed)
                {
                    return false;
                }

                if (_items > 0 && _bytes > 0)
                {
                    return true;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.ConfigureAwait(false);
        }
    }

    private void Cancel(CancellationToken cancelledBy)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _cancelledBy = cancelledBy;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Takes the credit of one item frame of <paramref name="payloadLength"/> bytes just sent.</summary>
    public void Take(int payloadLength)
    {
        lock (_lock)
        {
            _items--;
            if (_countsBytes)
            {
                _bytes -= payloadLength;
            }
        }
    }

    /// <summary>The stream ended: a waiting sender returns false.</summary>
    public void Close()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _closed = true;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }
}
