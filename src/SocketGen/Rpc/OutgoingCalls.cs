using Microsoft.Extensions.Logging;
using SocketGen.Connections;
using SocketGen.Framing;
using SocketGen.Serialization;
using SocketGen.Sockets;

namespace SocketGen.Rpc;

/// <summary>
/// The calls a connection makes (the client role of a <see cref="FramedConnection"/>): the table of pending
/// calls by call id, answers matched to them in any order, stream items and credit, cancellation and
/// deadlines. When the connection ends every pending call fails at once with the connection's error.
/// </summary>
internal sealed partial class OutgoingCalls
{
    private readonly FramedConnection _connection;
    private readonly SocketClientOptions _options;
    private readonly ILogger? _logger;
    private readonly EngineLock _lock = new();
    private readonly Dictionary<uint, PendingCall> _pending = new();
    private readonly List<PendingCall> _expired = new();
    private readonly uint _callTimeoutMilliseconds;
    private uint _nextCallId;
    private bool _closed;
    private Exception? _closeError;

    private OutgoingCalls(FramedConnection connection, SocketClientOptions options)
    {
        _connection = connection;
        _options = options;
        _logger = options.Logger;
        _callTimeoutMilliseconds = Timing.Timeouts.DeadlineToWire(options.CallTimeout);
    }

    /// <summary>The connection the calls go out on.</summary>
    public FramedConnection Connection => _connection;

    public FrameWriter Writer => _connection.Writer;

    /// <summary>True while new calls may start here: connected and not told to go away.</summary>
    public bool IsUsable => !Volatile.Read(ref _closed) && !_connection.IsClosed && !_connection.IsPeerGoingAway;

    /// <summary>The calls waiting for an answer.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Starts a connection on <paramref name="transport"/> that makes calls: TLS when configured, then the
    /// prefaces, within the handshake timeout.
    /// </summary>
    /// <param name="transport">The connected socket; owned from now on.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="settings">The connection settings built from them.</param>
    /// <param name="host">The host name connected to, for TLS.</param>
    /// <param name="onClosed">Called once the connection has shut down.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<OutgoingCalls> ConnectAsync(SocketConnection transport, SocketClientOptions options, ConnectionSettings settings, string? host, Action<FramedConnection, ConnectionClosure> onClosed, CancellationToken cancellationToken)
    {
        Security.TransportStream stream;
        try
        {
            // TLS, when configured, is negotiated here, before the preface.
            stream = await Security.TlsNegotiation.ConnectClientAsync(transport.Socket, options, host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var connection = new FramedConnection(transport, stream, settings, onClosed);
        var calls = new OutgoingCalls(connection, options);
        connection.AddRoles(calls, incoming: null);
        _ = connection.Start();
        await connection.WaitForHandshakeAsync(options.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        return calls;
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
            if (_closed || _connection.IsPeerGoingAway)
            {
                EndCallStart(call, flags, previousActivity);
                return NotSent();
            }

            do
            {
                callId = ++_nextCallId;
            }
            while (callId == 0 || _pending.ContainsKey(callId));

            call.CallId = callId;
            call.MethodId = methodId;
            call.Owner = this;
            call.DeadlineAt = _callTimeoutMilliseconds > 0 ? Environment.TickCount64 + _callTimeoutMilliseconds : 0;
            _pending.Add(callId, call);
        }

        try
        {
            if (Writer.WriteFrame(FrameType.Request, flags, callId, methodId, _callTimeoutMilliseconds, args, encodeArgs))
            {
                return null;
            }

            return TryRemove(call) ? NotSent() : null;
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
            if (_closed || _connection.IsPeerGoingAway)
            {
                return NotSent();
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
                : NotSent();
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

    /// <summary>Called by the connection's timer: fails the calls whose deadline passed and cancels them on the server.</summary>
    public void ExpireDeadlines(long now)
    {
        if (_callTimeoutMilliseconds == 0)
        {
            return;
        }

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
            call.OnError(new DeadlineExceededException($"The call did not complete within its deadline of {_options.CallTimeout}."));
        }

        _expired.Clear();
    }

    /// <summary>The error for a call that could not be sent here: the server never saw it.</summary>
    private CallNotStartedException NotSent() => new(
        null,
        _connection.IsPeerGoingAway ? "The server is shutting this connection down (it sent goaway); the call was not sent." : "The connection is closed; the call was not sent.",
        _closeError);

    /// <summary>A response frame arrived.</summary>
    public void OnResponse(uint callId, ReadOnlySpan<byte> payload)
    {
        PendingCall? call = Find(callId, remove: true);
        if (call is not null)
        {
            var reader = new WireReader(payload);
            call.OnResponse(ref reader);
        }
    }

    /// <summary>An error frame for one call arrived.</summary>
    public void OnError(uint callId, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ErrorPayload.Read(ref reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
        Find(callId, remove: true)?.OnError(ErrorPayload.ToException(code, typeName, message, stackTrace));
    }

    /// <summary>A stream item arrived.</summary>
    public void OnStreamItem(uint callId, ReadOnlySpan<byte> payload)
    {
        PendingCall? call = Find(callId, remove: false);
        if (call is not null)
        {
            var reader = new WireReader(payload);
            call.OnStreamItem(ref reader, payload.Length);
        }
    }

    /// <summary>A stream end arrived.</summary>
    public void OnStreamEnd(uint callId) => Find(callId, remove: true)?.OnStreamEnd();

    /// <summary>The connection is over: every pending call fails with <paramref name="error"/> (once; later calls do nothing).</summary>
    public void OnConnectionClosed(Exception error)
    {
        List<PendingCall> failed;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _closeError = error;
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        if (_logger is not null)
        {
            RpcLog.ClientConnectionLost(_logger, error.Message, error.InnerException);
        }

        Exception callError = error is ConnectionLostException or ProtocolViolationException or AccessDeniedException ? error : new ConnectionLostException(error.Message, error);
        foreach (PendingCall call in failed)
        {
            call.OnError(callError);
        }
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
}
