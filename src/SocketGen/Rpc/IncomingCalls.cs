using Microsoft.Extensions.Logging;
using SocketGen.Connections;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The calls a connection serves (the server role of a <see cref="FramedConnection"/>): dispatches requests
/// concurrently up to the per-connection limit (and has the receive loop wait beyond it), routes cancel and
/// credit frames to running calls, pools call objects, and drains gracefully when the server stops.
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
    private readonly AsyncSignal _slotFreed = new();

    // Calls holding a slot under the concurrency limit: changed with Interlocked (a call answered inline
    // takes and frees its slot without the lock); read under the lock where a decision depends on it.
    private int _activeCalls;

    // Calls in _calls (those that went asynchronous); only the receive loop adds, so it may read this without the lock.
    private int _registeredCalls;

    // The receive loop's call object, reused without the lock while calls complete inline.
    private RpcServerCall? _inlineCall;
    private bool _callsCancelled;
    private bool _waitingForSlot;
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

    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>Starts a graceful stop: sends goaway; new calls are refused, calls in flight finish.</summary>
    public Task BeginDrain()
    {
        Task drained;
        lock (_lock)
        {
            _draining = true;

            // Pairs with the receive loop taking a slot before it checks _draining: one of the two sees the other.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _activeCalls) == 0)
            {
                _drained = null;
                _connection.SendGoAway();
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
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
        }
    }

    /// <summary>A credit frame arrived: lets the stream call send that many more items.</summary>
    /// <exception cref="ProtocolViolationException">The credit is zero or overflows.</exception>
    public void AddCredit(uint callId, uint credit)
    {
        lock (_lock)
        {
            if (_calls.TryGetValue(callId, out RpcServerCall? call))
            {
                call.AddCredit(credit);
            }
        }
    }

    /// <summary>Completes when a call slot may have freed (or the connection closed): the receive loop's wait at the limit.</summary>
    public ValueTask WaitForSlotAsync() => _slotFreed.WaitAsync();

    /// <summary>The connection is over: every running call is cancelled, a drain waiting on them is released, a waiting receive loop is woken.</summary>
    public void OnConnectionClosed()
    {
        CancelCalls();
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
        _slotFreed.Set();
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
    /// Called when an asynchronous call's response has been written (on whatever thread finished it):
    /// unregisters it, frees its slot and returns it to the pool.
    /// </summary>
    public void FinishCall(RpcServerCall call)
    {
        OnCallFinished(call);
        bool wakeReader;
        TaskCompletionSource? drained = null;
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

            Interlocked.Decrement(ref _activeCalls);
            wakeReader = _waitingForSlot;
            _waitingForSlot = false;
            if (_draining && _activeCalls == 0)
            {
                drained = _drained;
                _drained = null;
            }

            call.Reset();
            _callPool.Push(call);
        }

        if (wakeReader)
        {
            _slotFreed.Set();
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

    /// <summary>Takes a slot under the concurrency limit; false (and the reader told to wait) when there is none.</summary>
    private bool TryTakeSlot()
    {
        int max = _options.MaxConcurrentCallsPerConnection;
        if (Volatile.Read(ref _activeCalls) >= max)
        {
            // Only the receive loop takes slots, so the count can only have dropped since: decide under the lock,
            // where FinishCall sees the flag.
            lock (_lock)
            {
                if (_activeCalls >= max)
                {
                    _waitingForSlot = true;
                    return false;
                }
            }
        }

        Interlocked.Increment(ref _activeCalls);
        return true;
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
    /// A request or one-way frame arrived: dispatches the call, or refuses it with an error frame; false
    /// (nothing consumed) when the concurrency limit has no slot for it. A call whose method completes
    /// synchronously is answered inline without the lock; one that goes asynchronous is registered so
    /// cancel and credit frames can reach it.
    /// </summary>
    public bool StartCall(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
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
            if (!TryTakeSlot())
            {
                return false;
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
            if (!oneWay)
            {
                Writer.WriteError(callId, methodId, refusalCode, "SocketGen." + refusalCode, refusal, null);
            }

            return true;
        }

        RpcServerCall call = TakeCallObject();
        call.Start(this, callId, methodId, kind);
        ValueTask dispatch;
        try
        {
            var reader = new WireReader(payload);
            if ((header.Flags & FrameFlags.HasDeadline) != 0)
            {
                call.SetDeadline(reader.ReadUInt32());
            }

            System.Diagnostics.ActivityContext parent = (header.Flags & FrameFlags.HasTraceContext) != 0 ? Diagnostics.TraceContextCodec.Read(ref reader) : default;
            System.Diagnostics.Activity? previousActivity = OnCallStarted(call, parent);
            try
            {
                dispatch = _dispatcher.DispatchAsync(methodId, ref reader, call);
            }
            finally
            {
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
            FinishInlineCall(call);
            throw;
        }
        catch (Exception ex)
        {
            call.WriteFailure(ex);
            FinishInlineCall(call);
            return true;
        }

        if (dispatch.IsCompletedSuccessfully)
        {
            dispatch.GetAwaiter().GetResult();
            FinishInlineCall(call);
        }
        else
        {
            RegisterCall(call);
            call.TrackDispatch(dispatch);
        }

        return true;
    }
}
