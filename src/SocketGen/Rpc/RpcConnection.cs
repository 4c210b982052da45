using System.ComponentModel;
using System.Net;
using SocketGen.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SocketGen.Connections;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The client engine under a generated client: many concurrent calls multiplexed over one connection by
/// call id, responses matched in any order, one-way calls, server-to-client streams with flow control,
/// cancellation, deadlines, keep-alive, and optional reconnect with exponential backoff and jitter.
/// </summary>
/// <remarks>
/// A unary call allocates nothing in steady state: the awaited <see cref="ValueTask{TResult}"/> is backed by
/// a pooled call object, arguments are encoded into a per-thread buffer, and frames are queued on the
/// connection's <see cref="Framing.FrameWriter"/>, whose send loop coalesces them into few sends.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class RpcConnection : IAsyncDisposable
{
    private readonly Func<CancellationToken, ValueTask<SocketConnection>> _connect;
    private readonly RpcDispatcher? _callbacks;
    private readonly string? _host;
    private readonly SocketClientOptions _options;
    private readonly ILogger? _logger;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _drainGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConnectionSettings _settings;
    private readonly Action<FramedConnection, ConnectionClosure> _onConnectionClosed;
    private readonly Timer? _timer;
    private OutgoingCalls? _calls;
    private Task<OutgoingCalls>? _reconnecting;

    private RpcConnection(Func<CancellationToken, ValueTask<SocketConnection>> connect, string? host, SocketClientOptions options, RpcDispatcher? callbacks)
    {
        _connect = connect;
        _host = host;
        _options = options;
        _callbacks = callbacks;
        _logger = options.Logger;
        _settings = ConnectionSettings.ForClient(options, servesPeerCalls: callbacks is not null);
        _onConnectionClosed = OnConnectionClosed;
        TimeSpan tick = TimerPeriod(options);
        if (tick != Timeout.InfiniteTimeSpan)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = new Timer(static s => ((RpcConnection)s!).OnTimer(), this, tick, tick);
            }
        }
    }

    /// <summary>True when a connection is up and accepting new calls.</summary>
    public bool IsConnected => _balanced?.IsConnected ?? _calls is { IsUsable: true };

    /// <summary>Connects to a host name (every address it resolves to is tried) and exchanges prefaces.</summary>
    /// <param name="host">The host name or address literal.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ConnectionLostException">The server did not answer the preface in time.</exception>
    /// <exception cref="ProtocolViolationException">The server speaks another protocol or version.</exception>
    public static ValueTask<RpcConnection> ConnectAsync(string host, int port, SocketClientOptions? options, CancellationToken cancellationToken) =>
        ConnectAsync(host, port, null, options, cancellationToken);

    /// <summary>Connects to a host name, serving the calls the server makes to <paramref name="callbacks"/> (wire 1.2).</summary>
    /// <param name="host">The host name or address literal.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="callbacks">The dispatcher of the client's callbacks; null for none.</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection.</returns>
    public static ValueTask<RpcConnection> ConnectAsync(string host, int port, RpcDispatcher? callbacks, SocketClientOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        return ConnectCoreAsync(ct => RpcTransport.ConnectAsync(host, port, ct), host, options, callbacks, cancellationToken);
    }

    /// <summary>Connects to an end point and exchanges prefaces.</summary>
    /// <param name="endPoint">The server's address (IP or Unix domain socket).</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ConnectionLostException">The server did not answer the preface in time.</exception>
    /// <exception cref="ProtocolViolationException">The server speaks another protocol or version.</exception>
    public static ValueTask<RpcConnection> ConnectAsync(EndPoint endPoint, SocketClientOptions? options, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, null, options, cancellationToken);

    /// <summary>Connects to an end point, serving the calls the server makes to <paramref name="callbacks"/> (wire 1.2).</summary>
    /// <param name="endPoint">The server's address (IP or Unix domain socket).</param>
    /// <param name="callbacks">The dispatcher of the client's callbacks; null for none.</param>
    /// <param name="options">Limits and behaviour; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection.</returns>
    public static ValueTask<RpcConnection> ConnectAsync(EndPoint endPoint, RpcDispatcher? callbacks, SocketClientOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return ConnectCoreAsync(ct => RpcTransport.ConnectAsync(endPoint, ct), null, options, callbacks, cancellationToken);
    }

    /// <summary>Calls a method that returns a value.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="decodeResult">The result's decoder.</param>
    /// <param name="cancellationToken">Cancels the call: a cancel frame is sent and the caller gets <see cref="OperationCanceledException"/> at once.</param>
    /// <returns>The result.</returns>
    /// <exception cref="RemoteException">The server's method threw, or the server has no such method.</exception>
    /// <exception cref="CallNotStartedException">The server never started the call (refused, stopping, or the call could not be sent): safe to retry.</exception>
    /// <exception cref="ConnectionLostException">The connection dropped after the call was sent: it may have run.</exception>
    /// <exception cref="DeadlineExceededException">The call's deadline (<see cref="SocketClientOptions.CallTimeout"/>) passed.</exception>
    /// <exception cref="CallCancelledByServerException">The server cancelled the call's handler (it is stopping).</exception>
    public ValueTask<TResult> InvokeAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, CancellationToken cancellationToken) =>
        InvokeAsync(methodId, args, encodeArgs, decodeResult, null, cancellationToken);

    /// <summary>Calls a method that returns a value, with the deadline and metadata of <paramref name="callOptions"/>.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="decodeResult">The result's decoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    public ValueTask<TResult> InvokeAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult> decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(decodeResult);
        if (_balanced is not null)
        {
            return _balanced.InvokeAsync(methodId, args, encodeArgs, decodeResult, callOptions, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        OutgoingCalls? calls = _calls;
        if (calls is null || !calls.IsUsable || MustWaitForRoom(calls))
        {
            return InvokeAfterReconnectAsync(methodId, args, encodeArgs, decodeResult, callOptions, cancellationToken);
        }

        return calls.Invoke(methodId, args, encodeArgs, decodeResult, callOptions, cancellationToken);
    }

    /// <summary>Calls a method that returns no value and waits for it to complete.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server's method has.</returns>
    /// <exception cref="RemoteException">The server's method threw, or the server has no such method.</exception>
    /// <exception cref="CallNotStartedException">The server never started the call: safe to retry.</exception>
    /// <exception cref="ConnectionLostException">The connection dropped after the call was sent: it may have run.</exception>
    public ValueTask InvokeAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, CancellationToken cancellationToken) =>
        InvokeAsync(methodId, args, encodeArgs, null, cancellationToken);

    /// <summary>Calls a method that returns no value, with the deadline and metadata of <paramref name="callOptions"/>.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server's method has.</returns>
    public ValueTask InvokeAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        if (_balanced is not null)
        {
            return _balanced.InvokeAsync(methodId, args, encodeArgs, callOptions, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        OutgoingCalls? calls = _calls;
        if (calls is null || !calls.IsUsable || MustWaitForRoom(calls))
        {
            return new ValueTask(InvokeAfterReconnectAsync<TArgs, bool>(methodId, args, encodeArgs, null, callOptions, cancellationToken).AsTask());
        }

        return calls.Invoke(methodId, args, encodeArgs, callOptions, cancellationToken);
    }

    /// <summary>Sends a one-way call: completes when the call is handed to the transport, not when the server runs it.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued for sending.</returns>
    /// <exception cref="CallNotStartedException">There is no connection to send on: the call was not sent.</exception>
    public ValueTask SendOneWayAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, CancellationToken cancellationToken) =>
        SendOneWayAsync(methodId, args, encodeArgs, null, cancellationToken);

    /// <summary>Sends a one-way call with the deadline and metadata of <paramref name="callOptions"/>.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued for sending.</returns>
    public ValueTask SendOneWayAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        if (_balanced is not null)
        {
            return _balanced.SendOneWayAsync(methodId, args, encodeArgs, callOptions, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        OutgoingCalls? calls = _calls;
        if (calls is null || !calls.IsUsable || MustWaitForRoom(calls))
        {
            return SendOneWayAfterReconnectAsync(methodId, args, encodeArgs, callOptions, cancellationToken);
        }

        Exception? error = calls.SendOneWay(methodId, args, encodeArgs, callOptions);
        return error is null ? default : ValueTask.FromException(error);
    }

    /// <summary>
    /// Calls a server-to-client stream method. Items arrive under flow control: the server may run at most
    /// <see cref="SocketClientOptions.StreamWindow"/> items ahead of the consumer. Stopping the enumeration
    /// early, or cancelling, sends a cancel frame.
    /// </summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="decodeItem">The item decoder.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The items.</returns>
    public IAsyncEnumerable<TItem> InvokeStreamAsync<TArgs, TItem>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TItem> decodeItem, CancellationToken cancellationToken) =>
        InvokeStreamAsync(methodId, args, encodeArgs, decodeItem, null, cancellationToken);

    /// <summary>Calls a server-to-client stream method with the deadline and metadata of <paramref name="callOptions"/>.</summary>
    /// <typeparam name="TArgs">The argument, or a tuple of the arguments.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="methodId">The method's wire id.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="encodeArgs">The arguments' encoder.</param>
    /// <param name="decodeItem">The item decoder.</param>
    /// <param name="callOptions">The call's own deadline and metadata; null for the client's.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The items.</returns>
    public IAsyncEnumerable<TItem> InvokeStreamAsync<TArgs, TItem>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TItem> decodeItem, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodeArgs);
        ArgumentNullException.ThrowIfNull(decodeItem);
        if (_balanced is not null)
        {
            return _balanced.InvokeStreamAsync(methodId, args, encodeArgs, decodeItem, callOptions, cancellationToken);
        }

        return StreamAsync<TArgs, TItem, bool>(methodId, args, encodeArgs, decodeItem, null, null, callOptions, cancellationToken);
    }

    /// <summary>Closes the connection: frames already written are sent, calls still pending fail with <see cref="ConnectionLostException"/>.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_balanced is not null)
        {
            await _balanced.DisposeAsync().ConfigureAwait(false);
        }

        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        OutgoingCalls? calls;
        lock (_lock)
        {
            calls = _calls;
        }

        if (calls is not null)
        {
            await calls.Connection.CloseAsync(ClosedByClient()).ConfigureAwait(false);
        }
    }

    /// <summary>The bytes written but not yet sent on the current connection; for tests of backpressure.</summary>
    internal long UnsentBytes => _calls?.Writer.UnsentBytes ?? 0;

    /// <summary>Drops the transport at once, as a network failure would; for tests of failure handling.</summary>
    internal void AbortTransport() => _calls?.Connection.Abort(new ConnectionClosure(CloseReason.TransportError, "aborted", new ConnectionLostException("The connection was aborted."), null, abnormal: true));

    private static async ValueTask<RpcConnection> ConnectCoreAsync(Func<CancellationToken, ValueTask<SocketConnection>> connect, string? host, SocketClientOptions? options, RpcDispatcher? callbacks, CancellationToken cancellationToken)
    {
        var connection = new RpcConnection(connect, host, options ?? new SocketClientOptions(), callbacks);
        try
        {
            OutgoingCalls calls = await connection.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            lock (connection._lock)
            {
                connection._calls = calls;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static TimeSpan TimerPeriod(SocketClientOptions options)
    {
        double shortest = double.MaxValue;
        if (options.KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            shortest = Math.Min(shortest, options.KeepAliveInterval.TotalMilliseconds);
            if (options.KeepAliveTimeout != Timeout.InfiniteTimeSpan)
            {
                shortest = Math.Min(shortest, options.KeepAliveTimeout.TotalMilliseconds);
            }
        }

        if (options.CallTimeout != Timeout.InfiniteTimeSpan)
        {
            shortest = Math.Min(shortest, options.CallTimeout.TotalMilliseconds);
        }

        return shortest == double.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Clamp(shortest / 4, 10, 1000));
    }

    private async Task<OutgoingCalls> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timeout.CancelAfter(Timing.Timeouts.ForTimer(_options.HandshakeTimeout));
        SocketConnection transport;
        try
        {
            transport = await _connect(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw new ConnectionLostException($"Connecting did not complete within {_options.HandshakeTimeout}.", ex);
        }

        return await OutgoingCalls.ConnectAsync(transport, _options, _settings, _host, _callbacks, _onConnectionClosed, cancellationToken).ConfigureAwait(false);
    }

    private static ConnectionClosure ClosedByClient() =>
        new(CloseReason.ClosedByOwner, "the client closed the connection", new ConnectionLostException("The connection was closed by the client."), null, abnormal: false);

    private void OnConnectionClosed(FramedConnection connection, ConnectionClosure closure)
    {
        if (_options.Reconnect && !_disposed.IsCancellationRequested && ReferenceEquals(_calls?.Connection, connection))
        {
            // Start reconnecting at once, so the next call usually finds a connection ready.
            _ = GetConnectedAsync(CancellationToken.None).ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void OnTimer()
    {
        long now = Environment.TickCount64;
        _calls?.Connection.OnTimer(now);
    }

    /// <summary>
    /// The slow path to a usable connection: waits for a reconnect, or for the send backlog to drain when the
    /// server is not keeping up, so callers are slowed down instead of buffering without bound. Callers that
    /// had to wait for a drain are let through one at a time (the lease holds <see cref="_drainGate"/> until
    /// the caller has written its frame): woken together, they would all see room and overshoot the limit.
    /// </summary>
    private async Task<ConnectionLease> LeaseConnectionAsync(CancellationToken cancellationToken)
    {
        OutgoingCalls calls = await GetConnectedAsync(cancellationToken).ConfigureAwait(false);
        if (!MustWaitForRoom(calls))
        {
            return new ConnectionLease(calls, null);
        }

        await _drainGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            calls = await GetConnectedAsync(cancellationToken).ConfigureAwait(false);
            while (calls.Writer.IsOverBacklog && calls.IsUsable)
            {
                await calls.Writer.WaitForDrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ConnectionLease(calls, _drainGate);
        }
        catch
        {
            _drainGate.Release();
            throw;
        }
    }

    /// <summary>
    /// Whether a new call must take the slow path: the send backlog is over its limit, or callers are already
    /// queued for room. A call that skipped past a waiter just let through by a drain would be written beside it,
    /// both having seen the same room (two frames over the limit instead of one).
    /// </summary>
    private bool MustWaitForRoom(OutgoingCalls calls) => calls.Writer.IsOverBacklog || _drainGate.CurrentCount == 0;

    /// <summary>A connection's calls to start one call on, and the drain gate to release once the call's frame is written.</summary>
    private readonly struct ConnectionLease(OutgoingCalls calls, SemaphoreSlim? gate)
    {
        public OutgoingCalls Calls { get; } = calls;

        public void Release() => gate?.Release();
    }

    private Task<OutgoingCalls> GetConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_calls is { IsUsable: true } current)
            {
                return Task.FromResult(current);
            }

            if (_disposed.IsCancellationRequested)
            {
                return Task.FromException<OutgoingCalls>(new ObjectDisposedException(nameof(RpcConnection)));
            }

            if (!_options.Reconnect)
            {
                string why = _calls is { Connection.IsPeerGoingAway: true }
                    ? "The server is shutting this connection down (it sent goaway)"
                    : "The connection was lost";
                return Task.FromException<OutgoingCalls>(new CallNotStartedException(null, why + " and reconnect is off (SocketClientOptions.Reconnect); the call was not sent."));
            }

            _reconnecting ??= ReconnectAsync();
            return _reconnecting.WaitAsync(cancellationToken);
        }
    }

    private async Task<OutgoingCalls> ReconnectAsync()
    {
        await Task.Yield();
        TimeSpan delay = _options.ReconnectBaseDelay;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    OutgoingCalls calls = await OpenConnectionAsync(_disposed.Token).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _calls = calls;
                    }

                    return calls;
                }
                catch (Exception ex) when (!_disposed.IsCancellationRequested)
                {
                    if (attempt >= _options.MaxReconnectAttempts)
                    {
                        throw new CallNotStartedException(null, $"Reconnecting failed {attempt} times; the call was not sent.", ex);
                    }

                    // Equal jitter: half the backoff is fixed, half random, so clients that lost the same
                    // server do not come back in lockstep.
                    TimeSpan wait = (delay / 2) + (delay / 2 * Random.Shared.NextDouble());
                    if (_logger is not null)
                    {
                        RpcLog.ReconnectFailed(_logger, attempt, wait, ex);
                    }

                    await Task.Delay(Timing.Timeouts.ForTimer(wait), _disposed.Token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _reconnecting = null;
            }
        }
    }

    private async ValueTask<TResult> InvokeAfterReconnectAsync<TArgs, TResult>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, WireDecoder<TResult>? decodeResult, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ConnectionLease lease = await LeaseConnectionAsync(cancellationToken).ConfigureAwait(false);
        PendingCall<TResult> call = PendingCall<TResult>.Rent(decodeResult);
        Exception? error;
        try
        {
            error = lease.Calls.StartCall(call, methodId, args, encodeArgs, callOptions);
        }
        finally
        {
            lease.Release();
        }

        if (error is not null)
        {
            PendingCall<TResult>.Return(call);
            throw error;
        }

        if (cancellationToken.CanBeCanceled)
        {
            call.RegisterCancellation(cancellationToken);
        }

        return await call.AsValueTask().ConfigureAwait(false);
    }

    private async ValueTask SendOneWayAfterReconnectAsync<TArgs>(uint methodId, TArgs args, WireEncoder<TArgs> encodeArgs, SocketCallOptions? callOptions, CancellationToken cancellationToken)
    {
        ConnectionLease lease = await LeaseConnectionAsync(cancellationToken).ConfigureAwait(false);
        Exception? error;
        try
        {
            error = lease.Calls.SendOneWay(methodId, args, encodeArgs, callOptions);
        }
        finally
        {
            lease.Release();
        }

        if (error is not null)
        {
            throw error;
        }
    }
}
