namespace SocketGen.Protocols;

/// <summary>
/// Matches a client's replies to its waiting requests — by correlation id where the protocol declares one, else in
/// the order the requests were sent — and keeps the requests that were answered for reuse, so a request that gets
/// its reply allocates nothing in steady state.
/// </summary>
internal sealed partial class ReplyMatcher<TProtocol, TClientMessage, TServerMessage>
    where TProtocol : IWireProtocol<TClientMessage, TServerMessage>
{
    private const int MaxPooled = 64;
    private readonly object _lock = new();
    private readonly Queue<PendingRequest> _inOrder = new();
    private readonly Dictionary<ulong, PendingRequest> _byId = new();
    private readonly Stack<PendingRequest> _pool = new();

    /// <summary>A request ready to be registered: from the pool, or new.</summary>
    /// <param name="isLast">Tells the reply that ends the answer; null when one reply answers.</param>
    public PendingRequest Rent(Func<TServerMessage, bool>? isLast)
    {
        PendingRequest? pending;
        lock (_lock)
        {
            _pool.TryPop(out pending);
        }

        pending ??= new PendingRequest(this);
        pending.Start(isLast);
        return pending;
    }

    /// <summary>Registers a request about to be sent; call in send order.</summary>
    public void Register(TClientMessage message, PendingRequest pending)
    {
        lock (_lock)
        {
            if (TProtocol.TryGetClientCorrelation(message, out ulong id))
            {
                if (!_byId.TryAdd(id, pending))
                {
                    throw new InvalidOperationException($"A request with correlation id {id} is already waiting for its reply.");
                }

                pending.Id = id;
            }
            else
            {
                _inOrder.Enqueue(pending);
            }
        }
    }

    /// <summary>Forgets a request whose send failed or whose wait was abandoned (correlated requests only; in-order ones keep their place).</summary>
    public void Forget(PendingRequest pending)
    {
        lock (_lock)
        {
            if (pending.Id is ulong id && _byId.TryGetValue(id, out var registered) && ReferenceEquals(registered, pending))
            {
                _byId.Remove(id);
            }
        }
    }

    /// <summary>Hands a reply to the request it answers; false when it answers none (an unsolicited message).</summary>
    public bool Deliver(TServerMessage message)
    {
        PendingRequest? pending;
        bool done;
        lock (_lock)
        {
            bool byId = TProtocol.TryGetServerCorrelation(message, out ulong id);
            if (byId ? !_byId.TryGetValue(id, out pending) : !_inOrder.TryPeek(out pending))
            {
                return false;
            }

            done = pending.Add(message);
            if (done)
            {
                if (byId)
                {
                    _byId.Remove(id);
                }
                else
                {
                    _inOrder.Dequeue();
                }
            }
        }

        if (done)
        {
            pending.Answer();
        }

        return true;
    }

    /// <summary>Fails every waiting request with <paramref name="reason"/>.</summary>
    public void FailAll(Exception reason)
    {
        List<PendingRequest> waiting;
        lock (_lock)
        {
            waiting = [.. _inOrder, .. _byId.Values];
            _inOrder.Clear();
            _byId.Clear();
        }

        foreach (var pending in waiting)
        {
            pending.Fail(reason is ConnectionLostException ? reason : new ConnectionLostException(reason.Message, reason));
        }
    }

    private void ReturnToPool(PendingRequest pending)
    {
        lock (_lock)
        {
            if (_pool.Count < MaxPooled)
            {
                _pool.Push(pending);
            }
        }
    }
}
