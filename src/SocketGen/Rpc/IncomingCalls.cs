using Microsoft.Extensions.Logging;
using SocketGen.Connections;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The calls a connection serves (the server role of a <see cref="FramedConnection"/>): dispatches requests
/// concurrently up to the per-connection limit, queues those beyond it (bounded in calls and bytes; past
/// that a request is refused with <see cref="RpcErrorCode.Refused"/>, which says it never started), routes
/// cancel and credit frames to running and waiting calls, pools call objects, and drains gracefully when the
/// server stops. The receive loop never waits here, so ping, cancel and credit frames are always read.
/// </summary>
internal sealed partial class IncomingCalls
{
    private readonly FramedConnection _connection;
    private readonly RpcDispatcher _dispatcher;
    private readonly SocketServerOptions _options;
    private readonly ILogger? _logger;
    private readonly EngineLock _lock = new();
    private readonly Dictionary<uint, RpcServerCall> _calls = new();
    private readonly Stack<RpcServerCall> _callPool = new();
    private readonly Queue<WaitingCall> _waiting = new();

    // Calls holding a slot under the concurrency limit: changed with Interlocked (a call answered inline
    // takes and frees its slot without the lock); read under the lock where a decision depends on it.
    private int _activeCalls;

    // Calls in _calls (those that went asynchronous); only the receive loop adds, so it may read this without the lock.
    private int _registeredCalls;

    // The receive loop's call object, reused without the lock while calls complete inline.
    private RpcServerCall? _inlineCall;
    private bool _callsCancelled;

    // Requests queued at the limit, and their payload bytes; the count is also read without the lock.
    private int _waitingCount;
    private long _waitingBytes;
    private bool _draining;
    private TaskCompletionSource? _drained;

    public IncomingCalls(FramedConnection connection, RpcDispatcher dispatcher, SocketServerOptions options)
    {
        _connection = connection;
        _dispatcher = dispatcher;
        _options = options;
        _logger = options.Logger;
    }

    /// <summary>The connection the calls arrive on.</summary>
    public FramedConnection Connection => _connection;

    public FrameWriter Writer => _connection.Writer;

    public bool IncludeExceptionDetails => _options.IncludeExceptionDetails;

    public RpcDispatcher Dispatcher => _dispatcher;

    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>Starts a graceful stop: sends goaway; new calls are refused, calls in flight finish.</summary>
    public Task BeginDrain()
    {
        Task drained;
        WaitingCall[] refused;
        lock (_lock)
        {
            _draining = true;

            // Requests still waiting never started: they are refused now, not run during the drain.
            refused = TakeAllWaiting();

            // Pairs with the receive loop taking a slot before it checks _draining: one of the two sees the other.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _activeCalls) == 0)
            {
                _drained = null;
                drained = Task.CompletedTask;
            }
            else
            {
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained.Task;
            }
        }

        foreach (WaitingCall waiting in refused)
        {
            Refuse(waiting.Header, RpcErrorCode.ServerStopping, "The server is stopping.");
            waiting.Release();
        }

        _connection.SendGoAway();
        return drained;
    }

    /// <summary>A cancel frame arrived: cancels the call's token, if the call is still running.</summary>
    public void Cancel(uint callId)
    {
        lock (_lock)
        {
            if (_calls.TryGetValue(callId, out RpcServerCall? call))
            {
                call.RequestCancel();
            }
            else if (FindWaiting(callId) is { } waiting)
            {
                waiting.IsCancelled = true;
            }
        }
    }

    /// <summary>A credit frame arrived: lets the stream call send that many more items (and bytes).</summary>
    /// <exception cref="ProtocolViolationException">The credit grants nothing.</exception>
    public void AddCredit(uint callId, uint items, uint? bytes)
    {
        lock (_lock)
        {
            if (_calls.TryGetValue(callId, out RpcServerCall? call))
            {
                call.AddCredit(items, bytes);
            }
            else
            {
                FindWaiting(callId)?.AddCredit(items, bytes, _options.MaxStreamCredit);
            }
        }
    }

    /// <summary>The connection is over: every running call is cancelled, waiting ones are dropped, a drain waiting on them is released.</summary>
    public void OnConnectionClosed()
    {
        CancelCalls();
        TaskCompletionSource? drained;
        WaitingCall[] dropped;
        lock (_lock)
        {
            dropped = TakeAllWaiting();
            drained = _drained;
            _drained = null;
        }

        foreach (WaitingCall waiting in dropped)
        {
            waiting.Release();
        }

        drained?.TrySetResult();
    }

    /// <summary>Cancels every running call's token (the drain timeout passed or the server is disposed).</summary>
    public void CancelCalls()
    {
        lock (_lock)
        {
            // Calls that go asynchronous after this are cancelled as they register.
            _callsCancelled = true;
            foreach (RpcServerCall call in _calls.Values)
            {
                call.RequestCancel();
            }
        }
    }

    public void LogCallFailure(uint methodId, Exception exception)
    {
        if (_logger is not null)
        {
            RpcLog.CallFailed(_logger, _dispatcher.GetMethodName(methodId) ?? "?", methodId, exception);
        }
    }

    public void LogOneWayFailure(uint methodId, Exception exception)
    {
        if (_logger is not null)
        {
            RpcLog.OneWayFailed(_logger, _dispatcher.GetMethodName(methodId) ?? "?", methodId, exception);
        }
    }

    /// <summary>
    /// Called when a registered call's response has been written (on whatever thread finished it):
    /// unregisters it, hands its slot to the next waiting request (or frees it) and returns it to the pool.
    /// </summary>
    public void FinishCall(RpcServerCall call)
    {
        OnCallFinished(call);
        TaskCompletionSource? drained = null;
        (RpcServerCall Call, WaitingCall Request)? next;
        lock (_lock)
        {
            if (!call.IsOneWay && _calls.Remove(call.CallId, out RpcServerCall? registered))
            {
                if (ReferenceEquals(registered, call))
                {
                    _registeredCalls--;
                }
                else
                {
                    // Not this call's entry (it cannot happen while ids are unique per connection): put it back.
                    _calls.Add(call.CallId, registered);
                }
            }

            call.Reset();
            _callPool.Push(call);
            next = StartNextWaiting();
            if (next is null)
            {
                Interlocked.Decrement(ref _activeCalls);
                if (_draining && _activeCalls == 0)
                {
                    drained = _drained;
                    _drained = null;
                }
            }
        }

        if (next is { } started)
        {
            // Run off this thread: it may be the user's code finishing another call, or the receive loop.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Owner.DispatchWaiting(s.Call, s.Request), (Owner: this, started.Call, started.Request), preferLocal: false);
        }

        drained?.TrySetResult();
    }

    /// <summary>Finishes a call the receive loop answered inline: no lock unless the server is draining.</summary>
    private void FinishInlineCall(RpcServerCall call)
    {
        OnCallFinished(call);
        call.Reset();
        _inlineCall = call;
        ReleaseSlot();
    }

    /// <summary>
    /// Takes a slot under the concurrency limit for a request. False when there is none: the request was then
    /// queued (copied out of the receive buffer) or, with the queue full or the server stopping, refused.
    /// </summary>
    private bool TryTakeSlot(in FrameHeader header, ReadOnlySpan<byte> payload, RpcMethodKind kind)
    {
        int max = _options.MaxConcurrentCallsPerConnection;
        if (Volatile.Read(ref _activeCalls) >= max || Volatile.Read(ref _waitingCount) > 0)
        {
            // Only the receive loop takes slots, so the count can only have dropped since: decide under the lock,
            // where FinishCall hands slots to waiting requests in arrival order.
            string refusal;
            RpcErrorCode code;
            lock (_lock)
            {
                if (_activeCalls < max && _waiting.Count == 0)
                {
                    Interlocked.Increment(ref _activeCalls);
                    return true;
                }

                if (_draining)
                {
                    (code, refusal) = (RpcErrorCode.ServerStopping, "The server is stopping.");
                }
                else if (_waiting.Count >= _options.MaxQueuedCallsPerConnection
                    || _waitingBytes + payload.Length > _options.MaxQueuedCallBytesPerConnection)
                {
                    (code, refusal) = (RpcErrorCode.Refused, $"The connection has {max} calls running and {_waiting.Count} waiting ({_waitingBytes} bytes); the call was not started.");
                }
                else
                {
                    _waiting.Enqueue(new WaitingCall(header, payload, kind));
                    _waitingBytes += payload.Length;
                    Volatile.Write(ref _waitingCount, _waiting.Count);
                    return false;
                }
            }

            OnCallRefused(header.MethodId, code);
            Refuse(header, code, refusal);
            return false;
        }

        Interlocked.Increment(ref _activeCalls);
        return true;
    }

    /// <summary>Answers a request that will not run with an error frame (one-way calls get nothing).</summary>
    private void Refuse(in FrameHeader header, RpcErrorCode code, string reason)
    {
        if (header.Type != FrameType.OneWay)
        {
            Writer.WriteError(header.CallId, header.MethodId, code, "SocketGen." + code, reason, null);
        }
    }

    /// <summary>
    /// Under the lock, with a slot just freed: takes the next waiting request that was not cancelled, gives it
    /// a call object registered where cancel and credit frames find it, and returns both; null when none waits.
    /// </summary>
    private (RpcServerCall Call, WaitingCall Request)? StartNextWaiting()
    {
        while (_waiting.TryDequeue(out WaitingCall? waiting))
        {
            _waitingBytes -= waiting.PayloadLength;
            Volatile.Write(ref _waitingCount, _waiting.Count);
            if (waiting.IsCancelled || _callsCancelled || (waiting.Header.Type != FrameType.OneWay && _calls.ContainsKey(waiting.Header.CallId)))
            {
                // Cancelled while waiting, the connection is closing, or its id was reused (the client gave up on it).
                waiting.Release();
                continue;
            }

            RpcServerCall call = _callPool.Count > 0 ? _callPool.Pop() : new RpcServerCall();
            call.Start(this, waiting.Header.CallId, waiting.Header.MethodId, waiting.Kind);
            if (waiting.Credit > 0 || waiting.CreditBytes > 0)
            {
                call.AddCredit(waiting.Credit, waiting.CreditBytes);
            }

            if (!call.IsOneWay)
            {
                _calls.Add(call.CallId, call);
                _registeredCalls++;
            }

            return (call, waiting);
        }

        return null;
    }

    /// <summary>Runs a request that waited for its slot (on the thread pool).</summary>
    private void DispatchWaiting(RpcServerCall call, WaitingCall waiting)
    {
        try
        {
            Dispatch(call, waiting.Header, waiting.Payload, registered: true);
        }
        catch (ProtocolViolationException ex)
        {
            // Its arguments did not decode: off the receive loop, so the connection is closed from here.
            _connection.AbortOnViolation(ex);
        }
        finally
        {
            waiting.Release();
        }
    }

    /// <summary>Under the lock: the waiting request with this call id, if any.</summary>
    private WaitingCall? FindWaiting(uint callId)
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

        foreach (WaitingCall waiting in _waiting)
        {
            if (waiting.Header.CallId == callId && waiting.Header.Type == FrameType.Request)
            {
                return waiting;
            }
        }

        return null;
    }

    /// <summary>Under the lock: empties the queue of waiting requests.</summary>
    private WaitingCall[] TakeAllWaiting()
    {
        if (_waiting.Count == 0)
        {
            return [];
        }

        WaitingCall[] all = [.. _waiting];
        _waiting.Clear();
        _waitingBytes = 0;
        Volatile.Write(ref _waitingCount, 0);
        return all;
    }

    /// <summary>Frees a slot the receive loop took for a call that did not become asynchronous.</summary>
    private void ReleaseSlot()
    {
        Interlocked.Decrement(ref _activeCalls);
        if (Volatile.Read(ref _draining))
        {
            TaskCompletionSource? drained = null;
            lock (_lock)
            {
                if (_activeCalls == 0)
                {
                    drained = _drained;
                    _drained = null;
                }
            }

            drained?.TrySetResult();
        }
    }

    private bool IsCallIdInUse(uint callId)
    {
        lock (_lock)
        {
            return _calls.ContainsKey(callId);
        }
    }

    /// <summary>A call that went asynchronous is registered so cancel and credit frames can find it.</summary>
    private void RegisterCall(RpcServerCall call)
    {
        lock (_lock)
        {
            if (!call.IsOneWay)
            {
                _calls.Add(call.CallId, call);
                _registeredCalls++;
            }

            if (_callsCancelled)
            {
                call.RequestCancel();
            }
        }
    }

    private RpcServerCall TakeCallObject()
    {
        RpcServerCall? call = _inlineCall;
        if (call is not null)
        {
            _inlineCall = null;
            return call;
        }

        lock (_lock)
        {
            return _callPool.Count > 0 ? _callPool.Pop() : new RpcServerCall();
        }
    }

    /// <summary>
    /// A request or one-way frame arrived: dispatches the call, queues it when the concurrency limit has no
    /// slot for it, or refuses it with an error frame. A call whose method completes synchronously is answered
    /// inline without the lock; one that goes asynchronous is registered so cancel and credit frames reach it.
    /// </summary>
    public void StartCall(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        CheckCallIdSpace(header);
        bool oneWay = header.Type == FrameType.OneWay;
        uint callId = header.CallId;
        uint methodId = header.MethodId;
        RpcMethodKind kind = _dispatcher.GetMethodKind(methodId);
        string? refusal = null;
        RpcErrorCode refusalCode = RpcErrorCode.UnknownMethod;
        if (kind == RpcMethodKind.Unknown)
        {
            refusal = $"Contract {_dispatcher.ContractName} has no method with id {methodId}.";
        }
        else if (oneWay != (kind == RpcMethodKind.OneWay))
        {
            refusal = $"Method {_dispatcher.GetMethodName(methodId)} (id {methodId}) is a {kind} method; it cannot be called with a {header.Type} frame.";
        }
        else if (AuthorizeCall(methodId) is { } denial)
        {
            (refusal, refusalCode) = (denial, RpcErrorCode.PermissionDenied);
        }

        if (refusal is null)
        {
            if (!TryTakeSlot(header, payload, kind))
            {
                // Queued for a slot, or refused.
                return;
            }

            if (Volatile.Read(ref _draining))
            {
                ReleaseSlot();
                (refusal, refusalCode) = ("The server is stopping.", RpcErrorCode.ServerStopping);
            }
            else if (!oneWay && Volatile.Read(ref _registeredCalls) > 0 && IsCallIdInUse(callId))
            {
                ReleaseSlot();
                throw new ProtocolViolationException($"Call id {callId} is already in use on this connection.");
            }
        }
        else if (Volatile.Read(ref _draining))
        {
            (refusal, refusalCode) = ("The server is stopping.", RpcErrorCode.ServerStopping);
        }

        if (refusal is not null)
        {
            // Refused: answered at once, without taking a slot.
            OnCallRefused(methodId, refusalCode);
            Refuse(header, refusalCode, refusal);
            return;
        }

        RpcServerCall call = TakeCallObject();
        call.Start(this, callId, methodId, kind);
        Dispatch(call, header, payload, registered: false);
    }

    /// <summary>
    /// Runs the method of a call that holds a slot, then finishes the call when the method completed at once,
    /// or registers it (unless it already is) to finish when it does.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The arguments did not decode; the call was finished.</exception>
    private void Dispatch(RpcServerCall call, in FrameHeader header, ReadOnlySpan<byte> payload, bool registered)
    {
        ValueTask dispatch;
        try
        {
            var reader = new WireReader(payload);
            if ((header.Flags & FrameFlags.HasDeadline) != 0)
            {
                call.SetDeadline(reader.ReadUInt32());
            }

            System.Diagnostics.ActivityContext parent = (header.Flags & FrameFlags.HasTraceContext) != 0 ? Diagnostics.TraceContextCodec.Read(ref reader) : default;
            IReadOnlyDictionary<string, string> metadata = (header.Flags & FrameFlags.HasMetadata) != 0
                ? CallMetadataCodec.Read(ref reader, _options.MaxCallMetadataBytes)
                : CallMetadataCodec.Empty;
            System.Diagnostics.Activity? previousActivity = OnCallStarted(call, parent);
            SocketCallContext? previousContext = EnterCallContext(call, metadata);
            try
            {
                dispatch = _dispatcher.DispatchAsync(header.MethodId, ref reader, call);
            }
            finally
            {
                SocketCallContext.Restore(previousContext);

                // Restore only when the span (or the method) changed it: setting it costs an async-local write.
                if (!ReferenceEquals(System.Diagnostics.Activity.Current, previousActivity))
                {
                    System.Diagnostics.Activity.Current = previousActivity;
                }
            }
        }
        catch (ProtocolViolationException)
        {
            // The arguments did not decode: the peer is broken, not the method.
            Finish(call, registered);
            throw;
        }
        catch (Exception ex)
        {
            call.WriteFailure(ex);
            Finish(call, registered);
            return;
        }

        if (dispatch.IsCompletedSuccessfully)
        {
            dispatch.GetAwaiter().GetResult();
            Finish(call, registered);
        }
        else
        {
            if (!registered)
            {
                RegisterCall(call);
            }

            call.TrackDispatch(dispatch);
        }
    }

    private void Finish(RpcServerCall call, bool registered)
    {
        if (registered)
        {
            FinishCall(call);
        }
        else
        {
            FinishInlineCall(call);
        }
    }
}
