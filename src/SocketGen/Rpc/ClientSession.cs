using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SocketGen.Sockets;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// One transport connection of a client: the table of pending calls by call id, the read loop that
/// matches responses to them in any order, keep-alive and deadlines. When the connection drops every
/// pending call fails at once with <see cref="ConnectionLostException"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The read cancellation source holds no timer; an abort may race with the close, so it is left to the GC.")]
internal sealed partial class ClientSession
{
    private readonly SocketClientOptions _options;
    private readonly ILogger? _logger;
    private readonly SocketConnection _connection;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly FrameReceiveBuffer _input = new();

    // Cancels a pending receive when the session is aborted. Never disposed: an abort may race with the
    // close, and the source holds no timer.
    private readonly CancellationTokenSource _readCancellation = new();
    private readonly EngineLock _lock = new();
    private readonly Dictionary<uint, PendingCall> _pending = new();
    private readonly List<PendingCall> _expired = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<ClientSession> _onClosed;
    private readonly uint _callTimeoutMilliseconds;
    private uint _nextCallId;
    private bool _closed;
    private bool _goAway;
    private long _lastReceivedAt;
    private long _lastPingAt;
    private Exception? _closeError;
    private Task _readLoop = Task.CompletedTask;

    private ClientSession(SocketConnection connection, Stream stream, SocketClientOptions options, Action<ClientSession> onClosed)
    {
        _connection = connection;
        _socket = connection.Socket;
        _options = options;
        _logger = options.Logger;
        _onClosed = onClosed;
        _stream = stream;
        Writer = new FrameWriter(_stream, options.MaxFramePayloadLength, ex => Abort(new ConnectionLostException("Sending to the server failed: " + ex.Message, ex)));
        _lastReceivedAt = Environment.TickCount64;
        _callTimeoutMilliseconds = Timing.Timeouts.DeadlineToWire(options.CallTimeout);
    }

    public FrameWriter Writer { get; }

    /// <summary>True while new calls may start here: connected and not told to go away.</summary>
    public bool IsUsable => !Volatile.Read(ref _closed) && !Volatile.Read(ref _goAway);

    public bool IsClosed => Volatile.Read(ref _closed);

    public Task Completion => _readLoop;

    /// <summary>Sends the preface and waits for the server's, within the handshake timeout.</summary>
    public static async Task<ClientSession> StartAsync(SocketConnection connection, SocketClientOptions options, string? host, Action<ClientSession> onClosed, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            // TLS, when configured, is negotiated here, before the preface.
            stream = await Security.TlsNegotiation.ConnectClientAsync(connection.Socket, options, host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var session = new ClientSession(connection, stream, options, onClosed);
        session.Writer.WritePreface();
        session._readLoop = session.ReadLoopAsync();
        try
        {
            await session._handshake.Task.WaitAsync(Timing.Timeouts.ForTimer(options.HandshakeTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            session.Abort(new ConnectionLostException($"The server did not answer the preface within {options.HandshakeTimeout}.", ex));
            throw new ConnectionLostException($"The server did not answer the preface within {options.HandshakeTimeout}.", ex);
        }
        catch
        {
            session.Abort(new ConnectionLostException("Connecting was cancelled."));
            throw;
        }

        return session;
    }

    /// <summary>
    /// Registers the call and writes its request. Returns null when the call is under way, or the error
    /// to fail it with when it never started (the caller then still owns the call object).
    /// </summary>
    public Exception? StartCall<TArgs>(PendingCall call, uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs)
    {
        uint callId;
        FrameFlags flags = _callTimeoutMilliseconds > 0 ? FrameFlags.HasDeadline : FrameFlags.None;
        flags |= BeginCallStart(call, methodId, out System.Diagnostics.Activity? previousActivity);
        lock (_lock)
        {
            if (_closed || _goAway)
            {
                EndCallStart(call, flags, previousActivity);
                return _closeError as ConnectionLostException ?? new ConnectionLostException(_goAway ? "The server is shutting this connection down." : "The connection is closed.", _closeError);
            }

            do
            {
                callId = ++_nextCallId;
            }
            while (callId == 0 || _pending.ContainsKey(callId));

            call.CallId = callId;
            call.MethodId = methodId;
            call.Session = this;
            call.DeadlineAt = _callTimeoutMilliseconds > 0 ? Environment.TickCount64 + _callTimeoutMilliseconds : 0;
            _pending.Add(callId, call);
        }

        try
        {
            if (Writer.WriteFrame(FrameType.Request, flags, callId, methodId, _callTimeoutMilliseconds, args, encodeArgs))
            {
                return null;
            }

            return TryRemove(call) ? new ConnectionLostException("The connection is closed.", _closeError) : null;
        }
        catch (Exception ex)
        {
            // Encoding failed or the message is too large: nothing was sent.
            return TryRemove(call) ? ex : null;
        }
        finally
        {
            EndCallStart(call, flags, previousActivity);
        }
    }

    /// <summary>Writes a one-way call; returns null when it was handed to the transport, else the error.</summary>
    public Exception? SendOneWay<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs)
    {
        uint callId;
        lock (_lock)
        {
            if (_closed || _goAway)
            {
                return new ConnectionLostException(_goAway ? "The server is shutting this connection down." : "The connection is closed.", _closeError);
            }

            callId = ++_nextCallId;
        }

        try
        {
            FrameFlags flags = _callTimeoutMilliseconds > 0 ? FrameFlags.HasDeadline : FrameFlags.None;
            flags |= BeginCallStart(null, methodId, out System.Diagnostics.Activity? previousActivity);
            using var restore = new ActivityRestore(flags, previousActivity);
            return Writer.WriteFrame(FrameType.OneWay, flags, callId, methodId, _callTimeoutMilliseconds, args, encodeArgs)
                ? null
                : new ConnectionLostException("The connection is closed.", _closeError);
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Gives up on a call: sends a cancel frame and fails the caller at once.</summary>
    public void CancelCall(PendingCall call, CancellationToken cancellationToken)
    {
        if (!TryRemove(call))
        {
            return;
        }

        Writer.WriteFrame(FrameType.Cancel, FrameFlags.None, call.CallId, call.MethodId, ReadOnlySpan<byte>.Empty);
        call.OnError(new OperationCanceledException("The call was cancelled.", cancellationToken));
    }

    /// <summary>Sends more stream credit.</summary>
    public void GrantCredit(PendingCall call, int credit)
    {
        Span<byte> payload = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)credit);
        Writer.WriteFrame(FrameType.StreamCredit, FrameFlags.None, call.CallId, call.MethodId, payload);
    }

    /// <summary>Called by the connection's timer: deadlines and keep-alive.</summary>
    public void OnTimer(long now)
    {
        if (IsClosed)
        {
            return;
        }

        if (_callTimeoutMilliseconds > 0)
        {
            lock (_lock)
            {
                foreach (PendingCall call in _pending.Values)
                {
                    if (call.DeadlineAt != 0 && now >= call.DeadlineAt)
                    {
                        _expired.Add(call);
                    }
                }

                foreach (PendingCall call in _expired)
                {
                    _pending.Remove(call.CallId);
                }
            }

            foreach (PendingCall call in _expired)
            {
                Writer.WriteFrame(FrameType.Cancel, FrameFlags.None, call.CallId, call.MethodId, ReadOnlySpan<byte>.Empty);
                call.OnError(new TimeoutException($"The call did not complete within its deadline of {_options.CallTimeout}."));
            }

            _expired.Clear();
        }

        if (_options.KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            long silence = now - Volatile.Read(ref _lastReceivedAt);
            if (_options.KeepAliveTimeout != Timeout.InfiniteTimeSpan && silence >= (long)_options.KeepAliveTimeout.TotalMilliseconds)
            {
                Abort(new ConnectionLostException($"Nothing arrived from the server for {TimeSpan.FromMilliseconds(silence)}; keep-alive timed out."));
                return;
            }

            long interval = (long)_options.KeepAliveInterval.TotalMilliseconds;
            if (silence >= interval && now - _lastPingAt >= interval)
            {
                _lastPingAt = now;
                Span<byte> payload = stackalloc byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload, now);
                Writer.WriteFrame(FrameType.Ping, FrameFlags.None, 0, 0, payload);
            }
        }
    }

    /// <summary>Closes the connection and fails every pending call with <paramref name="error"/>.</summary>
    public void Abort(Exception error)
    {
        lock (_lock)
        {
            _closeError ??= error;
        }

        CancelRead();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        FailAll();
    }

    /// <summary>Closes gracefully: what was written is sent first, then pending calls fail.</summary>
    public async Task CloseAsync()
    {
        lock (_lock)
        {
            _closeError ??= new ConnectionLostException("The connection was closed by the client.");
        }

        await Writer.CompleteAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        Abort(_closeError!);
        await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private bool TryRemove(PendingCall call)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(call.CallId, out PendingCall? registered) && ReferenceEquals(registered, call))
            {
                _pending.Remove(call.CallId);
                return true;
            }

            return false;
        }
    }

    private PendingCall? Find(uint callId, bool remove)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(callId, out PendingCall? call))
            {
                return null;
            }

            if (remove)
            {
                _pending.Remove(callId);
            }

            return call;
        }
    }

    private void FailAll()
    {
        List<PendingCall> failed;
        Exception error;
        lock (_lock)
        {
            bool first = !_closed;
            _closed = true;
            error = _closeError ??= new ConnectionLostException("The connection was lost.");
            if (_pending.Count == 0 && !first)
            {
                return;
            }

            failed = [.. _pending.Values];
            _pending.Clear();
            if (first && _logger is not null)
            {
                RpcLog.ClientConnectionLost(_logger, error.Message, error.InnerException);
            }
        }

        _handshake.TrySetException(error);
        foreach (PendingCall call in failed)
        {
            call.OnError(error is ConnectionLostException or ProtocolViolationException ? error : new ConnectionLostException(error.Message, error));
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            await ReadFramesAsync().ConfigureAwait(false);
            error = new ConnectionLostException("The server closed the connection.");
        }
        catch (ProtocolViolationException ex)
        {
            error = ex;
        }
        catch (AccessDeniedException ex)
        {
            error = ex;
        }
        catch (LimitExceededException ex)
        {
            error = new ProtocolViolationException(ex.Message, ex);
        }
        catch (Exception ex)
        {
            error = new ConnectionLostException("The connection to the server was lost: " + ex.Message, ex);
        }

        lock (_lock)
        {
            _closeError ??= error;
        }

        FailAll();
        await Writer.CompleteAsync(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        _input.Release();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _onClosed(this);
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

    private async Task ReadFramesAsync()
    {
        int maxPayload = _options.MaxFramePayloadLength;
        CancellationToken cancellationToken = _readCancellation.Token;
        bool handshakeDone = false;
        int incompleteFrameLength = 0;
        while (true)
        {
            int received;
            try
            {
                // Waits without holding an array when the connection is idle (see FrameReceiveBuffer).
                received = await _input.ReceiveAsync(_stream, incompleteFrameLength, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw _closeError ?? new ConnectionLostException("The connection was closed.");
            }

            if (received == 0)
            {
                return;
            }

            if (!handshakeDone)
            {
                if (_input.Data[0] == (byte)FrameType.Error)
                {
                    // The server refused our preface with an error frame; it is reported once it is complete.
                    incompleteFrameLength = HandleFrames(maxPayload);
                    continue;
                }

                string? error = ConnectionPreface.Validate(new ReadOnlySequence<byte>(_input.Memory));
                if (error is { Length: > 0 })
                {
                    throw new ProtocolViolationException("The server's preface is not valid: " + error + ".");
                }

                if (error is null)
                {
                    continue;
                }

                _serverMinorVersion = _input.Data[5];
                _input.Consume(ConnectionPreface.Size);
                handshakeDone = true;
                _handshake.TrySetResult();
            }

            incompleteFrameLength = HandleFrames(maxPayload);
        }
    }

    /// <summary>Handles every complete frame at the front of the received bytes, in place, and consumes them.</summary>
    /// <returns>The whole length of the incomplete frame left at the front when its header arrived; else 0.</returns>
    private int HandleFrames(int maxPayload)
    {
        ReadOnlySpan<byte> received = _input.Data;
        int consumed = 0;
        int frameLength;
        try
        {
            while (FrameHeader.TryReadFrame(received.Slice(consumed), maxPayload, out FrameHeader header, out frameLength))
            {
                ReadOnlySpan<byte> payload = received.Slice(consumed + FrameHeader.Size, header.PayloadLength);
                consumed += frameLength;
                HandleFrame(header, payload);
            }
        }
        finally
        {
            _input.Consume(consumed);
        }

        // The loop stopped at an incomplete frame: its length once known, else 0.
        int incompleteFrameLength = frameLength;
        return incompleteFrameLength;
    }

    private void HandleFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        Volatile.Write(ref _lastReceivedAt, Environment.TickCount64);
        switch (header.Type)
        {
            case FrameType.Response:
            {
                PendingCall? call = Find(header.CallId, remove: true);
                if (call is not null)
                {
                    var reader = new WireReader(payload);
                    call.OnResponse(ref reader);
                }

                break;
            }

            case FrameType.Error:
            {
                var reader = new WireReader(payload);
                ErrorPayload.Read(ref reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
                if (header.CallId == 0)
                {
                    Exception error = ErrorPayload.ToException(code, typeName, message, stackTrace);
                    throw error is ProtocolViolationException or AccessDeniedException ? error : new ConnectionLostException("The server closed the connection: " + message, error);
                }

                Find(header.CallId, remove: true)?.OnError(ErrorPayload.ToException(code, typeName, message, stackTrace));
                break;
            }

            case FrameType.StreamItem:
            {
                PendingCall? call = Find(header.CallId, remove: false);
                if (call is not null)
                {
                    var reader = new WireReader(payload);
                    call.OnStreamItem(ref reader);
                }

                break;
            }

            case FrameType.StreamEnd:
                Find(header.CallId, remove: true)?.OnStreamEnd();
                break;
            case FrameType.Ping:
                Writer.WriteFrame(FrameType.Pong, FrameFlags.None, header.CallId, 0, payload);
                break;
            case FrameType.Pong:
                break;
            case FrameType.GoAway:
                Volatile.Write(ref _goAway, true);
                break;
            default:
                throw new ProtocolViolationException($"A server may not send {header.Type} frames.");
        }
    }
}
