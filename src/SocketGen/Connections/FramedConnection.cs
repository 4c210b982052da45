using System.Net.Sockets;
using System.Security.Authentication;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Security;
using SocketGen.Serialization;
using SocketGen.Sockets;

namespace SocketGen.Connections;

/// <summary>
/// One framed connection, from either end: it owns the transport (socket, or TLS over it), the receive
/// buffer and the receive loop, the frame writer and its send loop, the preface exchange, keep-alive and
/// timeouts, and the one path by which the connection shuts down. What the connection carries is plugged in
/// as roles: <see cref="OutgoingCalls"/> (the calls this side makes: a client) and <see cref="IncomingCalls"/>
/// (the calls this side serves: a server). Frames are routed by type: answers to calls go to the outgoing
/// role, requests and their cancel and credit frames to the incoming role; a frame for a role this end
/// does not have is a protocol violation.
/// </summary>
/// <remarks>
/// Every way a connection ends goes through <see cref="ShutdownAsync"/>, once: the first reason decided
/// (the receive loop's end, a violation, or an <see cref="Abort"/> from outside) is the one the roles and
/// the log are told. A stream that ends inside a frame (or inside the preface) is a protocol violation on
/// both ends: the frame is lost, and the peer either crashed mid-write or does not frame correctly.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The read cancellation source holds no timer; an abort may race with the close, so it is left to the GC.")]
internal sealed partial class FramedConnection
{
    private readonly SocketConnection _transport;
    private readonly Socket _socket;
    private readonly TransportStream _stream;
    private readonly ConnectionSettings _settings;
    private readonly FrameReceiveBuffer _input = new();

    // Cancels a pending receive when the connection is aborted from outside the receive loop. Never disposed:
    // an abort may race with the close, and the source holds no timer.
    private readonly CancellationTokenSource _readCancellation = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<FramedConnection, ConnectionClosure> _onClosed;
    private readonly long _handshakeDeadline;
    private OutgoingCalls? _outgoing;
    private IncomingCalls? _incoming;
    private ConnectionClosure? _closure;
    private bool _handshakeDone;
    private bool _peerGoingAway;
    private byte _peerMinorVersion;
    private long _lastFrameAt;
    private long _lastPingAt;

    // The minimum data rate's window: when it started (0 while nothing waits to be sent) and the bytes sent then.
    private long _sendWindowStart;
    private long _sendWindowSentBytes;
    private Task _run = Task.CompletedTask;

    /// <param name="transport">The connected socket.</param>
    /// <param name="stream">The stream over it (TLS or plain).</param>
    /// <param name="settings">This side's limits and timeouts.</param>
    /// <param name="onClosed">Called once, after the connection has shut down, with the reason.</param>
    public FramedConnection(SocketConnection transport, TransportStream stream, ConnectionSettings settings, Action<FramedConnection, ConnectionClosure> onClosed)
    {
        _transport = transport;
        _socket = transport.Socket;
        _stream = stream;
        _settings = settings;
        _onClosed = onClosed;
        Remote = transport.RemoteEndPoint.ToString() ?? "(unknown)";
        Writer = new FrameWriter(stream, settings.MaxFramePayloadLength, OnSendFailed, settings.SendsFromReceiveLoop);
        long now = Environment.TickCount64;
        _lastFrameAt = now;
        _handshakeDeadline = settings.HandshakeTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : now + (long)settings.HandshakeTimeout.TotalMilliseconds;
    }

    public FrameWriter Writer { get; }

    public ConnectionSettings Settings => _settings;

    /// <summary>The peer's address, for log lines.</summary>
    public string Remote { get; }

    /// <summary>The calls this side makes.</summary>
    public OutgoingCalls Outgoing => _outgoing ?? throw new InvalidOperationException("This connection makes no calls.");

    /// <summary>The calls this side serves.</summary>
    public IncomingCalls Incoming => _incoming ?? throw new InvalidOperationException("This connection serves no calls.");

    /// <summary>True once both prefaces were exchanged (and an accepted peer was authenticated).</summary>
    public bool IsHandshakeDone => Volatile.Read(ref _handshakeDone);

    /// <summary>True once the connection's end was decided; nothing new starts on it.</summary>
    public bool IsClosed => Volatile.Read(ref _closure) is not null;

    /// <summary>True once the peer sent goaway: it serves what it has, and takes nothing new.</summary>
    public bool IsPeerGoingAway => Volatile.Read(ref _peerGoingAway);

    /// <summary>The minor protocol version the peer's preface announced.</summary>
    public byte PeerMinorVersion => _peerMinorVersion;

    /// <summary>Completes when the connection has shut down; never faults.</summary>
    public Task Completion => _run;

    /// <summary>Plugs in the roles this connection plays; once, before <see cref="Start"/>.</summary>
    public void AddRoles(OutgoingCalls? outgoing, IncomingCalls? incoming)
    {
        _outgoing = outgoing;
        _incoming = incoming;
    }

    /// <summary>
    /// Starts the connection: the connecting end sends its preface, and the receive loop runs until the
    /// connection ends. Returns at the loop's first wait for bytes, so a silent peer holds nobody up.
    /// </summary>
    /// <returns><see cref="Completion"/>.</returns>
    public Task Start()
    {
        OnOpened();
        if (!_settings.IsAccepted)
        {
            Writer.WritePreface(_settings.ServesPeerCalls ? ConnectionPreface.ServesPeerCalls : (byte)0);
        }

        _run = RunAsync();
        return _run;
    }

    /// <summary>Waits until both prefaces were exchanged.</summary>
    /// <exception cref="ConnectionLostException">The connection closed first, or <paramref name="timeout"/> passed (the connection is then aborted).</exception>
    public async Task WaitForHandshakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _handshake.Task.WaitAsync(Timing.Timeouts.ForTimer(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            var error = new ConnectionLostException($"The {_settings.PeerName} did not answer the preface within {timeout}.", ex);
            Abort(new ConnectionClosure(CloseReason.HandshakeTimeout, $"no valid preface within {timeout}", error, null, abnormal: true));
            throw error;
        }
        catch (OperationCanceledException)
        {
            Abort(new ConnectionClosure(CloseReason.TransportError, "connecting was cancelled", new ConnectionLostException("Connecting was cancelled."), null, abnormal: false));
            throw;
        }
    }

    /// <summary>
    /// Ends the connection from outside the receive loop (a timeout, a failed send, the owner closing it).
    /// The first reason decided wins; later ones are ignored.
    /// </summary>
    /// <param name="closure">Why.</param>
    /// <param name="flushFirst">True to send what was already written before the transport is shut down.</param>
    public void Abort(ConnectionClosure closure, bool flushFirst = false)
    {
        if (Interlocked.CompareExchange(ref _closure, closure, null) is not null)
        {
            return;
        }

        CancelRead();

        // The roles learn at once (calls waiting on this connection fail now, not after the flush).
        NotifyRoles(closure);
        if (!flushFirst)
        {
            // Also unblocks a send the peer never reads, so the connection cannot hang on a full socket.
            ShutdownSocket();
        }
    }

    /// <summary>
    /// Closes the connection for a violation found off the receive loop (a waiting call's arguments did not
    /// decode): tells the peer with an error frame, as the receive loop would, and sends it before closing.
    /// </summary>
    public void AbortOnViolation(ProtocolViolationException violation)
    {
        Writer.WriteError(0, 0, RpcErrorCode.ProtocolViolation, string.Empty, violation.Message, null);
        Abort(new ConnectionClosure(CloseReason.ProtocolViolation, violation.Message, violation, null, abnormal: true), flushFirst: true);
    }

    /// <summary>Closes gracefully: what was written is sent, then the transport is shut down.</summary>
    public async Task CloseAsync(ConnectionClosure closure)
    {
        Abort(closure, flushFirst: true);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Sends goaway: the peer is to start nothing new here.</summary>
    public void SendGoAway() => Writer.WriteFrame(FrameType.GoAway, FrameFlags.None, 0, 0, ReadOnlySpan<byte>.Empty);

    /// <summary>Called by the owner's timer: the handshake deadline, call deadlines, keep-alive and the idle timeout.</summary>
    public void OnTimer(long now)
    {
        if (IsClosed)
        {
            return;
        }

        if (!IsHandshakeDone)
        {
            if (now >= _handshakeDeadline)
            {
                Abort(new ConnectionClosure(
                    CloseReason.HandshakeTimeout,
                    $"no valid preface within {_settings.HandshakeTimeout}",
                    new ConnectionLostException($"The {_settings.PeerName} did not answer the preface within {_settings.HandshakeTimeout}."),
                    null,
                    abnormal: true));
            }

            return;
        }

        _outgoing?.ExpireDeadlines(now);
        long silence = now - Volatile.Read(ref _lastFrameAt);
        if (_settings.KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            if (_settings.KeepAliveTimeout != Timeout.InfiniteTimeSpan && silence >= (long)_settings.KeepAliveTimeout.TotalMilliseconds)
            {
                TimeSpan silent = TimeSpan.FromMilliseconds(silence);
                Abort(new ConnectionClosure(
                    CloseReason.KeepAliveTimeout,
                    $"nothing arrived for {silent}",
                    new ConnectionLostException($"Nothing arrived from the {_settings.PeerName} for {silent}; keep-alive timed out."),
                    null,
                    abnormal: true));
                return;
            }

            long interval = (long)_settings.KeepAliveInterval.TotalMilliseconds;
            if (silence >= interval && now - _lastPingAt >= interval)
            {
                _lastPingAt = now;
                Span<byte> payload = stackalloc byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload, now);
                Writer.WriteFrame(FrameType.Ping, FrameFlags.None, 0, 0, payload);
            }
        }

        if (_settings.MinSendDataRate > 0)
        {
            CheckSendDataRate(now);
        }

        if (_settings.IdleTimeout != Timeout.InfiniteTimeSpan
            && (_incoming?.ActiveCalls ?? 0) == 0
            && (_outgoing?.PendingCount ?? 0) == 0
            && silence >= (long)_settings.IdleTimeout.TotalMilliseconds)
        {
            Abort(new ConnectionClosure(
                CloseReason.IdleTimeout,
                $"no complete frame for {_settings.IdleTimeout}",
                new ConnectionLostException($"The connection was idle for {_settings.IdleTimeout}."),
                null,
                abnormal: true));
        }
    }

    /// <summary>
    /// While bytes wait to be sent, sending must progress at the minimum rate, measured over windows of the
    /// grace period: a peer that stops reading (or reads a trickle) is disconnected with a logged reason
    /// instead of holding this side's send backlog and the producers waiting on it.
    /// </summary>
    private void CheckSendDataRate(long now)
    {
        if (Writer.UnsentBytes == 0)
        {
            _sendWindowStart = 0;
            return;
        }

        long sent = Writer.SentBytes;
        if (_sendWindowStart == 0)
        {
            (_sendWindowStart, _sendWindowSentBytes) = (now, sent);
            return;
        }

        long elapsed = now - _sendWindowStart;
        if (elapsed < (long)_settings.MinSendDataRateGracePeriod.TotalMilliseconds)
        {
            return;
        }

        double rate = (sent - _sendWindowSentBytes) * 1000.0 / elapsed;
        if (rate < _settings.MinSendDataRate)
        {
            string detail = $"the {_settings.PeerName} took {rate:F0} bytes/s over {TimeSpan.FromMilliseconds(elapsed)} with {Writer.UnsentBytes} bytes waiting; the minimum is {_settings.MinSendDataRate} bytes/s";
            Abort(new ConnectionClosure(CloseReason.MinDataRate, detail, new ConnectionLostException($"The {_settings.PeerName} read too slowly: {detail}."), null, abnormal: true));
            return;
        }

        (_sendWindowStart, _sendWindowSentBytes) = (now, sent);
    }

    private async Task RunAsync()
    {
        ConnectionClosure closure;
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
            closure = new ConnectionClosure(
                CloseReason.PeerClosed,
                $"the {_settings.PeerName} closed the connection",
                new ConnectionLostException($"The {_settings.PeerName} closed the connection."),
                null,
                abnormal: false);
        }
        catch (Exception ex)
        {
            closure = ClosureFor(ex);
        }

        // A reason decided outside the loop (an abort) came first and stands.
        closure = Interlocked.CompareExchange(ref _closure, closure, null) ?? closure;
        await ShutdownAsync(closure).ConfigureAwait(false);
    }

    /// <summary>Turns what ended the receive loop into the connection's closure; tells the peer about violations.</summary>
    private ConnectionClosure ClosureFor(Exception exception)
    {
        string peer = _settings.PeerName;
        switch (exception)
        {
            case PeerClosedWithErrorException closed:
                return new ConnectionClosure(CloseReason.PeerClosed, closed.Message, closed.CallError, null, abnormal: true);
            case AuthenticationException ex:
                return new ConnectionClosure(SecurityCloseReason.TlsHandshakeFailed, ex.Message, new ConnectionLostException("TLS failed: " + ex.Message, ex), null, abnormal: true);
            case AccessDeniedException ex:
                Writer.WriteError(0, 0, RpcErrorCode.Unauthenticated, "SocketGen." + nameof(RpcErrorCode.Unauthenticated), ex.Reason, null);
                return new ConnectionClosure(SecurityCloseReason.AuthenticationFailed, ex.Reason, ex, null, abnormal: true);
            case ProtocolViolationException ex:
                Writer.WriteError(0, 0, IsHandshakeDone ? RpcErrorCode.ProtocolViolation : RpcErrorCode.VersionMismatch, string.Empty, ex.Message, null);
                return new ConnectionClosure(CloseReason.ProtocolViolation, ex.Message, ex, null, abnormal: true);
            case LimitExceededException ex:
                Writer.WriteError(0, 0, RpcErrorCode.LimitExceeded, string.Empty, ex.Message, null);
                return new ConnectionClosure(CloseReason.LimitExceeded, ex.Message, new ProtocolViolationException(ex.Message, ex), null, abnormal: true);
            case IOException or SocketException or ObjectDisposedException or OperationCanceledException:
                return new ConnectionClosure(CloseReason.TransportError, exception.Message, new ConnectionLostException($"The connection to the {peer} was lost: " + exception.Message, exception), exception, abnormal: true);
            default:
                return new ConnectionClosure(CloseReason.TransportError, "unexpected: " + exception.Message, new ConnectionLostException($"The connection to the {peer} was lost: " + exception.Message, exception), exception, abnormal: true);
        }
    }

    /// <summary>The one shutdown path: roles told, what was written flushed (briefly), transport shut down and released.</summary>
    private async Task ShutdownAsync(ConnectionClosure closure)
    {
        NotifyRoles(closure);
        await Writer.CompleteAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);

        // The receive loop has ended: nothing reads the buffer any more.
        _input.Release();
        ShutdownSocket();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        OnClosed(closure);
        _onClosed(this, closure);
    }

    /// <summary>Tells the roles the connection is over (each acts once, however often it is told).</summary>
    private void NotifyRoles(ConnectionClosure closure)
    {
        if (_handshake.TrySetException(closure.CallError))
        {
            // Nobody may be waiting for the handshake (an accepted connection): the failure is observed here.
            _ = _handshake.Task.Exception;
        }

        _incoming?.OnConnectionClosed();
        _outgoing?.OnConnectionClosed(closure.CallError, closure.IsAbnormal);
        Volatile.Read(ref _context)?.OnClosed();
    }

    private void OnSendFailed(Exception exception) => Abort(new ConnectionClosure(
        CloseReason.TransportError,
        "sending failed: " + exception.Message,
        new ConnectionLostException($"Sending to the {_settings.PeerName} failed: " + exception.Message, exception),
        null,
        abnormal: true));

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

    private void ShutdownSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        int maxPayload = _settings.MaxFramePayloadLength;
        CancellationToken cancellationToken = _readCancellation.Token;
        int incompleteFrameLength = 0;
        while (true)
        {
            if (_settings.StopsReadingWhenBacklogged && Writer.IsOverBacklog)
            {
                // The peer is not reading its answers: stop reading its requests until it does.
                await Writer.WaitForDrainAsync().ConfigureAwait(false);
            }

            // Waits without holding an array when the connection is idle (see FrameReceiveBuffer).
            int received = await _input.ReceiveAsync(_stream, incompleteFrameLength, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                if (!_input.IsEmpty)
                {
                    string what = IsHandshakeDone ? "frame" : "preface";
                    throw new ProtocolViolationException($"The connection ended inside a {what} ({_input.Length} bytes of it arrived).");
                }

                return;
            }

            if (IsClosed)
            {
                return;
            }

            if (!IsHandshakeDone && !await TryReadPeerPrefaceAsync().ConfigureAwait(false))
            {
                continue;
            }

            // Everything answered synchronously from this read goes out together. No await inside the batch.
            Writer.BeginBatch();
            try
            {
                incompleteFrameLength = HandleFrames(maxPayload);
            }
            finally
            {
                Writer.EndBatch();
            }
        }
    }

    /// <summary>
    /// Takes the peer's preface off the front of the received bytes; false while not all of it is there.
    /// The accepting end then authenticates the peer and answers with its own preface.
    /// </summary>
    private async ValueTask<bool> TryReadPeerPrefaceAsync()
    {
        if (!_settings.IsAccepted && _input.Data[0] == (byte)FrameType.Error)
        {
            // The server refused our preface with an error frame: it is reported once it is complete.
            HandleFrames(_settings.MaxFramePayloadLength);
            return false;
        }

        string? error = ConnectionPreface.Validate(_input.Data);
        if (error is { Length: > 0 })
        {
            throw new ProtocolViolationException(_settings.IsAccepted ? error : $"The {_settings.PeerName}'s preface is not valid: {error}.");
        }

        if (error is null)
        {
            return false;
        }

        _peerMinorVersion = _input.Data[5];
        ReadPeerCapabilities(_input.Data[6]);
        _input.Consume(ConnectionPreface.Size);
        if (_settings.IsAccepted)
        {
            // Frames that came in with the preface are held to the pre-authentication cap until the
            // authenticator lets the connection in; then the full limit applies.
            CheckFramesBeforeAuthentication();
            await AuthenticateAsync().ConfigureAwait(false);
            Writer.WritePreface();
        }
        else
        {
            _identity = new ConnectionIdentity(RemoteEndPointOrNull(), _stream.RemoteCertificate, null, null);
        }

        Volatile.Write(ref _lastFrameAt, Environment.TickCount64);
        Volatile.Write(ref _handshakeDone, true);
        _handshake.TrySetResult();
        return true;
    }

    /// <summary>Handles every complete frame at the front of the received bytes, in place, and consumes them.</summary>
    /// <param name="maxPayload">The largest payload a frame may declare.</param>
    /// <returns>The whole length of the incomplete frame left at the front, when its header arrived; else 0.</returns>
    private int HandleFrames(int maxPayload)
    {
        ReadOnlySpan<byte> received = _input.Data;
        int consumed = 0;
        int frameLength;
        while (FrameHeader.TryReadFrame(received.Slice(consumed), maxPayload, out FrameHeader header, out frameLength))
        {
            HandleFrame(header, received.Slice(consumed + FrameHeader.Size, header.PayloadLength));
            consumed += frameLength;
        }

        if (consumed > 0)
        {
            _input.Consume(consumed);
            Volatile.Write(ref _lastFrameAt, Environment.TickCount64);
        }

        // Stopped at an incomplete frame: its whole length once its header arrived, else 0.
        return frameLength;
    }

    /// <summary>Routes one frame to its role, or handles it here when it is about the connection.</summary>
    private void HandleFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case FrameType.Request:
            case FrameType.OneWay:
                IncomingRole(header).StartCall(header, payload);
                break;
            case FrameType.Cancel:
                IncomingRole(header).Cancel(header.CallId);
                break;
            case FrameType.StreamCredit:
            {
                StreamFrames.ReadCredit(payload, out uint items, out uint? bytes);
                if (IsPeerCall(header.CallId))
                {
                    IncomingRole(header).AddCredit(header.CallId, items, bytes);
                }
                else
                {
                    OutgoingRole(header).OnStreamCredit(header.CallId, items, bytes);
                }

                break;
            }

            case FrameType.Response:
                OutgoingRole(header).OnResponse(header.CallId, payload);
                break;
            case FrameType.Error when header.CallId == 0:
                throw PeerClosedWithErrorException.Read(payload, _settings.PeerName);
            case FrameType.Error when IsPeerCall(header.CallId):
                CallerStreamRole(header).OnCallerError(header.CallId, payload);
                break;
            case FrameType.Error:
                OutgoingRole(header).OnError(header.CallId, payload);
                break;
            case FrameType.StreamItem when IsPeerCall(header.CallId):
                CallerStreamRole(header).OnStreamItem(header.CallId, payload);
                break;
            case FrameType.StreamItem:
                OutgoingRole(header).OnStreamItem(header.CallId, payload);
                break;
            case FrameType.StreamEnd when IsPeerCall(header.CallId):
                CallerStreamRole(header).OnStreamEnd(header.CallId);
                break;
            case FrameType.StreamEnd:
                OutgoingRole(header).OnStreamEnd(header.CallId);
                break;
            case FrameType.Ping:
                Writer.WriteFrame(FrameType.Pong, FrameFlags.None, header.CallId, 0, payload);
                break;
            case FrameType.Pong:
                break;
            case FrameType.GoAway:
                Volatile.Write(ref _peerGoingAway, true);
                break;
            default:
                throw new ProtocolViolationException($"A {_settings.PeerName} may not send {header.Type} frames.");
        }
    }

    /// <summary>
    /// Whether a frame's call was started by the peer (its stream, credit and error frames go to the incoming
    /// role) rather than by this side. Wire 1.2: servers pick call ids with the high bit set for their own
    /// calls, clients ids without it; a side that only serves, or only calls, owns no other calls.
    /// </summary>
    private bool IsPeerCall(uint callId) =>
        _incoming is not null && (_outgoing is null || ((callId & 0x8000_0000u) == 0) == _settings.IsAccepted);

    /// <summary>The incoming role, for the frames of a caller's own stream: only a 1.2 peer may send them.</summary>
    private IncomingCalls CallerStreamRole(in FrameHeader header) =>
        _peerMinorVersion >= 2 ? IncomingRole(header) : throw new ProtocolViolationException($"A {_settings.PeerName} that speaks wire 1.{_peerMinorVersion} may not send {header.Type} frames (client streams are wire 1.2).");

    private IncomingCalls IncomingRole(in FrameHeader header) =>
        _incoming ?? throw new ProtocolViolationException($"A {_settings.PeerName} may not send {header.Type} frames.");

    /// <summary>
    /// The role that takes answers to this side's calls. A server has one only for a contract with callbacks,
    /// and takes answers only from a client that announced it serves calls (wire 1.2).
    /// </summary>
    private OutgoingCalls OutgoingRole(in FrameHeader header) =>
        _outgoing is not null && (!_settings.IsAccepted || PeerServesCalls)
            ? _outgoing
            : throw new ProtocolViolationException($"A {_settings.PeerName} may not send {header.Type} frames.");
}
