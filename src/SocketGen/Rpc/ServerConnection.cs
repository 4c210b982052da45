using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SocketGen.Sockets;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// One accepted connection on the server: checks the preface, reads frames, dispatches calls concurrently
/// up to the per-connection limit (and stops reading beyond it), answers pings, and closes itself with a
/// logged reason on any violation without touching other connections.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The read cancellation source holds no timer; an abort may race with the close, so it is left to the GC.")]
internal sealed partial class ServerConnection
{
    private readonly SocketServer _server;
    private readonly RpcDispatcher _dispatcher;
    private readonly SocketServerOptions _options;
    private readonly ILogger? _logger;
    private readonly SocketConnection _connection;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly FrameReceiveBuffer _input = new();

    // Cancels a pending receive when the connection is aborted from outside the read loop. Never disposed:
    // an abort may race with the close, and the source holds no timer.
    private readonly CancellationTokenSource _readCancellation = new();
    private readonly EngineLock _lock = new();
    private readonly Dictionary<uint, RpcServerCall> _calls = new();
    private readonly Stack<RpcServerCall> _callPool = new();
    private readonly AsyncSignal _slotFreed = new();
    private readonly long _handshakeDeadline;
    private readonly string _remote;
    // Calls holding a slot under the concurrency limit: changed with Interlocked (a call answered inline
    // takes and frees its slot without the lock); read under the lock where a decision depends on it.
    private int _activeCalls;

    // Calls in _calls (those that went asynchronous); only the read loop adds, so it may read this without the lock.
    private int _registeredCalls;

    // The read loop's call object, reused without the lock while calls complete inline.
    private RpcServerCall? _inlineCall;
    private bool _callsCancelled;
    private bool _waitingForSlot;
    private bool _handshakeDone;
    private long _lastFrameAt;
    private bool _draining;
    private TaskCompletionSource? _drained;
    private string? _abortReason;
    private string? _abortDetail;

    public ServerConnection(SocketServer server, RpcDispatcher dispatcher, SocketServerOptions options, SocketConnection connection)
    {
        _connection = connection;
        Socket socket = connection.Socket;
        _server = server;
        _dispatcher = dispatcher;
        _options = options;
        _logger = options.Logger;
        _socket = socket;
        _remote = connection.RemoteEndPoint.ToString() ?? "(unknown)";
        _stream = Security.TlsNegotiation.CreateServerStream(socket, options);
        Writer = new FrameWriter(_stream, options.MaxFramePayloadLength, OnSendFailed, sendOnFlushingThread: true);
        long now = Environment.TickCount64;
        _lastFrameAt = now;
        _handshakeDeadline = options.HandshakeTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : now + (long)options.HandshakeTimeout.TotalMilliseconds;
    }

    public FrameWriter Writer { get; }

    public bool IncludeExceptionDetails => _options.IncludeExceptionDetails;

    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>Serves the connection until it closes; never throws.</summary>
    public async Task RunAsync()
    {
        string reason = CloseReason.PeerClosed;
        string detail = "the client closed the connection";
        Exception? error = null;
        bool abnormal = false;
        OnAccepted();
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            (reason, detail, error, abnormal) = (Security.SecurityCloseReason.TlsHandshakeFailed, ex.Message, null, true);
        }
        catch (AccessDeniedException ex)
        {
            (reason, detail, error, abnormal) = (Security.SecurityCloseReason.AuthenticationFailed, ex.Reason, null, true);
            Writer.WriteError(0, 0, RpcErrorCode.Unauthenticated, "SocketGen." + nameof(RpcErrorCode.Unauthenticated), ex.Reason, null);
        }
        catch (ProtocolViolationException ex)
        {
            (reason, detail, error, abnormal) = (CloseReason.ProtocolViolation, ex.Message, null, true);
            Writer.WriteError(0, 0, _handshakeDone ? RpcErrorCode.ProtocolViolation : RpcErrorCode.VersionMismatch, string.Empty, ex.Message, null);
        }
        catch (LimitExceededException ex)
        {
            (reason, detail, error, abnormal) = (CloseReason.LimitExceeded, ex.Message, null, true);
            Writer.WriteError(0, 0, RpcErrorCode.LimitExceeded, string.Empty, ex.Message, null);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            (reason, detail, error, abnormal) = (CloseReason.TransportError, ex.Message, ex, true);
        }
        catch (Exception ex)
        {
            (reason, detail, error, abnormal) = (CloseReason.TransportError, "unexpected: " + ex.Message, ex, true);
        }

        string? abortReason = Volatile.Read(ref _abortReason);
        if (abortReason is not null)
        {
            reason = abortReason;
            detail = _abortDetail ?? string.Empty;
            error = null;
            abnormal = abortReason is not CloseReason.ServerStopped;
        }

        await CloseAsync().ConfigureAwait(false);
        OnClosed(reason);
        if (_logger is not null)
        {
            if (abnormal)
            {
                RpcLog.ConnectionClosedOnError(_logger, _remote, reason, detail, error);
            }
            else
            {
                RpcLog.ConnectionClosed(_logger, _remote, reason, detail);
            }
        }
    }

    /// <summary>Closes the connection from outside the read loop (a timeout, the server stopping); the reason is logged once.</summary>
    public void Abort(string reason, string detail, bool flushFirst = false)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null)
        {
            return;
        }

        _abortDetail = detail;
        CancelRead();
        _slotFreed.Set();
        if (flushFirst)
        {
            // Graceful: the read loop ends and CloseAsync sends what was written before closing.
            return;
        }

        try
        {
            // Also unblocks a send the peer never reads, so the connection cannot hang on a full socket.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>Called by the server's timer: enforces the handshake and idle timeouts.</summary>
    public void CheckTimeouts(long now)
    {
        if (!Volatile.Read(ref _handshakeDone))
        {
            if (now >= _handshakeDeadline)
            {
                Abort(CloseReason.HandshakeTimeout, $"no valid preface within {_options.HandshakeTimeout}");
            }

            return;
        }

        if (_options.IdleTimeout != Timeout.InfiniteTimeSpan
            && ActiveCalls == 0
            && now - Volatile.Read(ref _lastFrameAt) >= (long)_options.IdleTimeout.TotalMilliseconds)
        {
            Abort(CloseReason.IdleTimeout, $"no complete frame for {_options.IdleTimeout}");
        }
    }

    /// <summary>Starts a graceful stop: sends goaway; new calls are refused, calls in flight finish.</summary>
    public Task BeginDrain()
    {
        Task drained;
        lock (_lock)
        {
            _draining = true;

            // Pairs with the read loop taking a slot before it checks _draining: one of the two sees the other.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _activeCalls) == 0)
            {
                _drained = null;
                Writer.WriteFrame(FrameType.GoAway, FrameFlags.None, 0, 0, ReadOnlySpan<byte>.Empty);
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        Writer.WriteFrame(FrameType.GoAway, FrameFlags.None, 0, 0, ReadOnlySpan<byte>.Empty);
        return drained;
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

    /// <summary>Finishes a call the read loop answered inline: no lock unless the server is draining.</summary>
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
            // Only the read loop takes slots, so the count can only have dropped since: decide under the lock,
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

    /// <summary>Frees a slot the read loop took for a call that did not become asynchronous.</summary>
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

    private void CancelRead()
    {
        try
        {
            _readCancellation.Cancel();
        }
        catch (AggregateException)
        {
            // A socket's cancellation callback failed; the shutdown that follows still ends the read.
        }
    }

    private async Task ReadLoopAsync()
    {
        int maxPayload = _options.MaxFramePayloadLength;
        CancellationToken cancellationToken = _readCancellation.Token;
        int incompleteFrameLength = 0;
        bool framesWaiting = false;
        while (true)
        {
            if (Writer.IsOverBacklog)
            {
                // The client is not reading its responses: stop reading its requests until it does.
                await Writer.WaitForDrainAsync().ConfigureAwait(false);
            }

            if (!framesWaiting)
            {
                // Waits without holding an array when the connection is idle (see FrameReceiveBuffer).
                int received = await _input.ReceiveAsync(_stream, incompleteFrameLength, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    if (!_input.IsEmpty)
                    {
                        throw new ProtocolViolationException($"The connection ended inside a frame ({_input.Length} bytes of it arrived).");
                    }

                    return;
                }
            }

            framesWaiting = false;
            if (Volatile.Read(ref _abortReason) is not null)
            {
                return;
            }

            if (!_handshakeDone)
            {
                string? error = ConnectionPreface.Validate(new ReadOnlySequence<byte>(_input.Memory));
                if (error is { Length: > 0 })
                {
                    throw new ProtocolViolationException(error);
                }

                if (error is null)
                {
                    // Not all of the preface yet.
                    continue;
                }

                // Frames that came in with the preface are held to the pre-authentication cap until the
                // authenticator lets the connection in; then the full limit applies.
                _input.Consume(ConnectionPreface.Size);
                CheckFramesBeforeAuthentication(new ReadOnlySequence<byte>(_input.Memory));
                await AuthenticateAsync().ConfigureAwait(false);
                Volatile.Write(ref _handshakeDone, true);
                Volatile.Write(ref _lastFrameAt, Environment.TickCount64);
                Writer.WritePreface();
            }

            // Everything answered synchronously from this read goes out together. No await inside the batch.
            bool waitForSlot;
            Writer.BeginBatch();
            try
            {
                waitForSlot = ReadFrames(maxPayload, out incompleteFrameLength);
            }
            finally
            {
                Writer.EndBatch();
            }

            if (waitForSlot)
            {
                // The frames left in the buffer are handled once a slot frees, before anything more is read.
                await _slotFreed.WaitAsync().ConfigureAwait(false);
                framesWaiting = true;
            }
        }
    }

    /// <summary>
    /// Handles every complete frame at the front of the received bytes, in place, and consumes them.
    /// </summary>
    /// <param name="maxPayload">The largest payload a frame may declare.</param>
    /// <param name="incompleteFrameLength">The whole length of the incomplete frame left at the front, when its header arrived; else 0.</param>
    /// <returns>True when it stopped at a call the concurrency limit has no slot for.</returns>
    private bool ReadFrames(int maxPayload, out int incompleteFrameLength)
    {
        ReadOnlySpan<byte> received = _input.Data;
        int consumed = 0;
        bool noSlot = false;
        int frameLength;
        while (FrameHeader.TryReadFrame(received.Slice(consumed), maxPayload, out FrameHeader header, out frameLength))
        {
            if (!HandleFrame(header, received.Slice(consumed + FrameHeader.Size, header.PayloadLength)))
            {
                // Nothing of this frame was used: it is handled again once a slot frees.
                noSlot = true;
                break;
            }

            consumed += frameLength;
        }

        // Stopped at an incomplete frame: its whole length once its header arrived, else 0.
        incompleteFrameLength = noSlot ? 0 : frameLength;

        if (consumed > 0)
        {
            _input.Consume(consumed);
            Volatile.Write(ref _lastFrameAt, Environment.TickCount64);
        }

        return noSlot;
    }

    /// <summary>Handles one frame; false (and nothing done) when it is a call and the concurrency limit has no slot for it.</summary>
    private bool HandleFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case FrameType.Request:
            case FrameType.OneWay:
                return StartCall(header, payload);
            case FrameType.Cancel:
                lock (_lock)
                {
                    if (_calls.TryGetValue(header.CallId, out RpcServerCall? call))
                    {
                        call.RequestCancel();
                    }
                }

                break;
            case FrameType.StreamCredit:
            {
                var reader = new WireReader(payload);
                uint credit = reader.ReadUInt32();
                lock (_lock)
                {
                    if (_calls.TryGetValue(header.CallId, out RpcServerCall? call))
                    {
                        call.AddCredit(credit);
                    }
                }

                break;
            }

            case FrameType.Ping:
                Writer.WriteFrame(FrameType.Pong, FrameFlags.None, header.CallId, 0, payload);
                break;
            case FrameType.Pong:
            case FrameType.GoAway:
                break;
            default:
                throw new ProtocolViolationException($"A client may not send {header.Type} frames.");
        }

        return true;
    }

    /// <summary>
    /// Dispatches one call, or refuses it with an error frame; false (nothing consumed) when the concurrency
    /// limit has no slot for it. A call whose method completes synchronously is answered inline without
    /// the connection's lock; one that goes asynchronous is registered so cancel frames can reach it.
    /// </summary>
    private bool StartCall(in FrameHeader header, ReadOnlySpan<byte> payload)
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

    private void OnSendFailed(Exception exception) => Abort(CloseReason.TransportError, "sending failed: " + exception.Message);

    private async Task CloseAsync()
    {
        CancelCalls();
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
        await Writer.CompleteAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        _input.Release();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _server.OnConnectionClosed(this);
    }
}
