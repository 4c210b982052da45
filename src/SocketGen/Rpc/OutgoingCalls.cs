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
    private readonly KeyValuePair<string, string>[] _defaultMetadata;
    private readonly uint _callIdBase;
    private bool _hasDeadlines;
    private uint _nextCallId;
    private bool _closed;
    private Exception? _closeError;

    private OutgoingCalls(FramedConnection connection, SocketClientOptions options, bool callsFromServer)
    {
        _connection = connection;
        _options = options;
        _logger = options.Logger;
        _callTimeoutMilliseconds = Timing.Timeouts.DeadlineToWire(options.CallTimeout);
        _hasDeadlines = _callTimeoutMilliseconds > 0;
        _defaultMetadata = [.. options.DefaultMetadata];
        OutgoingMetadata.Validate(_defaultMetadata, nameof(SocketClientOptions.DefaultMetadata));

        // Wire 1.2: the call ids a server picks have the high bit set, a client's have it clear, so a frame's
        // call id says which side started the call.
        _callIdBase = callsFromServer ? ServerCallIdBit : 0;
    }

    /// <summary>The call id bit that marks a call the server started (wire 1.2).</summary>
    public const uint ServerCallIdBit = 0x8000_0000;

    /// <summary>
    /// The calls a server makes to a client's callbacks on <paramref name="connection"/>: the callback deadline
    /// and frame limit are the server's.
    /// </summary>
    public static OutgoingCalls ForCallbacks(FramedConnection connection, SocketServerOptions options) =>
        new(connection, new SocketClientOptions { CallTimeout = options.CallbackTimeout, MaxFramePayloadLength = options.MaxFramePayloadLength, Logger = options.Logger }, callsFromServer: true);

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
    /// <param name="callbacks">The dispatcher of the callbacks this client serves, or null for none.</param>
    public static async Task<OutgoingCalls> ConnectAsync(SocketConnection transport, SocketClientOptions options, ConnectionSettings settings, string? host, RpcDispatcher? callbacks, Action<FramedConnection, ConnectionClosure> onClosed, CancellationToken cancellationToken)
    {
        Security.TransportStream stream;
        try
        {
            // TLS, when configured, is negotiated here, before the preface.
            stream = await Security.TlsNegotiation.ConnectClientAsync(transport.Socket, options, host, peerSpeaksSocketGen: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var connection = new FramedConnection(transport, stream, settings, onClosed);
        var calls = new OutgoingCalls(connection, options, callsFromServer: false);
        connection.AddRoles(calls, callbacks is null ? null : new IncomingCalls(connection, callbacks, CallbackServingOptions(options)));
        _ = connection.Start();
        await connection.WaitForHandshakeAsync(options.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        return calls;
    }

    /// <summary>
    /// Registers the call and writes its request. Returns null when the call is under way, or the error
    /// to fail it with when it never started (the caller then still owns the call object).
    /// </summary>
    public Exception? StartCall<TArgs>(PendingCall call, uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions = null)
    {
        uint callId;
        uint deadline = DeadlineOf(callOptions);
        FrameFlags flags = deadline > 0 ? FrameFlags.HasDeadline : FrameFlags.None;
        OutgoingMetadata? metadata = MetadataOf(callOptions, ref flags, out Exception? unsupported);
        if (unsupported is not null)
        {
            return unsupported;
        }

        flags |= BeginCallStart(call, methodId, out System.Diagnostics.Activity? previousActivity);
        lock (_lock)
        {
            if (_closed || _connection.IsPeerGoingAway)
            {
                EndCallStart(call, flags, previousActivity);
                return NotSent();
            }

            callId = NextCallId();
            call.CallId = callId;
            call.MethodId = methodId;
            call.Owner = this;
            call.DeadlineMilliseconds = deadline;
            call.DeadlineAt = deadline > 0 ? Environment.TickCount64 + deadline : 0;
            _hasDeadlines |= deadline > 0;
            _pending.Add(callId, call);
        }

        try
        {
            if (Writer.WriteFrame(FrameType.Request, flags, callId, methodId, deadline, args, encodeArgs, metadata))
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

    /// <summary>Starts a call that returns a value: the caller's task, or a failed one when the call never started.</summary>
    public ValueTask<TResult> Invoke<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        PendingCall<TResult> call = PendingCall<TResult>.Rent(decodeResult);
        Exception? error = StartCall(call, methodId, args, encodeArgs, callOptions);
        if (error is not null)
        {
            PendingCall<TResult>.Return(call);
            return ValueTask.FromException<TResult>(error);
        }

        if (cancellationToken.CanBeCanceled)
        {
            call.RegisterCancellation(cancellationToken);
        }

        return call.AsValueTask();
    }

    /// <summary>Starts a call without a result: the caller's task, or a failed one when the call never started.</summary>
    public ValueTask Invoke<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        PendingCall<bool> call = PendingCall<bool>.Rent(null);
        Exception? error = StartCall(call, methodId, args, encodeArgs, callOptions);
        if (error is not null)
        {
            PendingCall<bool>.Return(call);
            return ValueTask.FromException(error);
        }

        if (cancellationToken.CanBeCanceled)
        {
            call.RegisterCancellation(cancellationToken);
        }

        return call.AsVoidValueTask();
    }

    /// <summary>Writes a one-way call; returns null when it was handed to the transport, else the error.</summary>
    public Exception? SendOneWay<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions = null)
    {
        uint callId;
        uint deadline = DeadlineOf(callOptions);
        FrameFlags flags = deadline > 0 ? FrameFlags.HasDeadline : FrameFlags.None;
        OutgoingMetadata? metadata = MetadataOf(callOptions, ref flags, out Exception? unsupported);
        if (unsupported is not null)
        {
            return unsupported;
        }

        lock (_lock)
        {
            if (_closed || _connection.IsPeerGoingAway)
            {
                return NotSent();
            }

            callId = NextCallId();
        }

        try
        {
            flags |= BeginCallStart(null, methodId, out System.Diagnostics.Activity? previousActivity);
            using var restore = new ActivityRestore(flags, previousActivity);
            return Writer.WriteFrame(FrameType.OneWay, flags, callId, methodId, deadline, args, encodeArgs, metadata)
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
        if (!Volatile.Read(ref _hasDeadlines))
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
            call.OnError(new DeadlineExceededException($"The call did not complete within its deadline of {TimeSpan.FromMilliseconds(call.DeadlineMilliseconds)}."));
        }

        _expired.Clear();
    }

    /// <summary>
    /// Under the lock: the next free call id. A client's ids stay below the high bit and a server's above it
    /// (wire 1.2), so the counter wraps within its half and skips ids still in flight.
    /// </summary>
    private uint NextCallId()
    {
        uint callId;
        do
        {
            _nextCallId = (_nextCallId + 1) & ~ServerCallIdBit;
            callId = _nextCallId | _callIdBase;
        }
        while (_nextCallId == 0 || _pending.ContainsKey(callId));

        return callId;
    }

    /// <summary>
    /// The call's deadline in milliseconds (0 for none): its own timeout, or the client's, bounded by the time
    /// left to the served call it is made from, if any.
    /// </summary>
    private uint DeadlineOf(SocketCallOptions? callOptions)
    {
        uint own = callOptions?.Timeout is { } timeout ? Timing.Timeouts.DeadlineToWire(timeout) : _callTimeoutMilliseconds;
        uint inherited = SocketCallContext.InheritedDeadlineMilliseconds();
        return inherited == 0 ? own : own == 0 ? inherited : Math.Min(own, inherited);
    }

    /// <summary>The metadata to send and its flag; a peer older than wire 1.2 cannot take it, and the call fails unsent.</summary>
    private OutgoingMetadata? MetadataOf(SocketCallOptions? callOptions, ref FrameFlags flags, out Exception? unsupported)
    {
        unsupported = null;
        var metadata = new OutgoingMetadata(_defaultMetadata, callOptions?.Metadata);
        if (metadata.IsEmpty)
        {
            return null;
        }

        if (_connection.PeerMinorVersion < 2)
        {
            unsupported = new NotSupportedException($"Call metadata needs wire 1.2; the {_connection.Settings.PeerName} speaks 1.{_connection.PeerMinorVersion}. The call was not sent.");
            return null;
        }

        flags |= FrameFlags.HasMetadata;
        return metadata;
    }

    /// <summary>What a client serving callbacks applies to the calls the server makes to it: the server defaults, with the client's frame limit and logger.</summary>
    private static SocketServerOptions CallbackServingOptions(SocketClientOptions options) =>
        new() { MaxFramePayloadLength = options.MaxFramePayloadLength, Logger = options.Logger };

    /// <summary>The error for a call that could not be sent here: the server never saw it.</summary>
    private CallNotStartedException NotSent() => new(
        null,
        _callIdBase != 0 ? $"The client at {_connection.Remote} has disconnected; the callback was not sent."
            : _connection.IsPeerGoingAway ? "The server is shutting this connection down (it sent goaway); the call was not sent."
            : "The connection is closed; the call was not sent.",
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
        Exception error = ErrorPayload.ToCallException(ref reader);
        Find(callId, remove: true)?.OnError(error);
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
    public void OnConnectionClosed(Exception error, bool abnormal = true)
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

        if (_logger is not null && abnormal)
        {
            RpcLog.ClientConnectionLost(_logger, error.Message, error.InnerException);
        }
        else if (_logger is not null)
        {
            RpcLog.ClientConnectionClosed(_logger, error.Message);
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
