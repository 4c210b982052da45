using System.ComponentModel;
using System.Runtime.CompilerServices;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// One call being served. Generated dispatchers hand the user method's task to a Complete method, which
/// writes the response, the stream or the error frame. Instances are pooled per connection: a call whose
/// result is ready at once is answered without allocating.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Pooled by its connection; a token source that fired is disposed and replaced when the call is reset.")]
public sealed partial class RpcServerCall
{
    private readonly Action _onDispatchCompleted;
    private IncomingCalls? _owner;
    private CancellationTokenSource _cancellation = new();
    private ValueTask _dispatchTask;
    private StreamSendCredit? _credit;
    private StreamInbox? _inbox;
    private bool _cancelRequested;
    private bool _hasDeadline;

    internal RpcServerCall()
    {
        _onDispatchCompleted = OnDispatchCompleted;
    }

    /// <summary>Cancelled by a cancel frame from the client, by the call's deadline, or when the server stops.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    internal uint CallId { get; private set; }

    internal uint MethodId { get; private set; }

    /// <summary>The exception the user's method ended with, once its error was written; null while it runs or when it succeeded.</summary>
    internal Exception? Failure { get; private set; }

    internal RpcMethodKind Kind { get; private set; }

    internal bool IsOneWay => Kind == RpcMethodKind.OneWay;

    private IncomingCalls Owner => _owner ?? throw new InvalidOperationException("The call is not running.");

    /// <summary>Writes the result of a method that returns a value, or its error.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="result">The user method's task (<c>new ValueTask&lt;T&gt;(task)</c> for a <see cref="Task{T}"/>).</param>
    /// <param name="encodeResult">The result's encoder.</param>
    /// <returns>A task that completes when the response or error has been written.</returns>
    public ValueTask CompleteAsync<T>(ValueTask<T> result, WireEncoder<T> encodeResult)
    {
        ArgumentNullException.ThrowIfNull(encodeResult);
        if (result.IsCompletedSuccessfully)
        {
            WriteResult(result.Result, encodeResult);
            return default;
        }

        return AwaitResultAsync(result, encodeResult);
    }

    /// <summary>Writes the (empty) response of a method without a result, or its error; for one-way methods only errors are logged.</summary>
    /// <param name="result">The user method's task.</param>
    /// <returns>A task that completes when the response or error has been written.</returns>
    public ValueTask CompleteAsync(ValueTask result)
    {
        if (result.IsCompletedSuccessfully)
        {
            result.GetAwaiter().GetResult();
            WriteEmptyResult();
            return default;
        }

        return AwaitEmptyResultAsync(result);
    }

    /// <summary>Sends the items of a server-to-client stream as the client grants credit, then the stream end or the error.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The user method's stream.</param>
    /// <param name="encodeItem">The item encoder.</param>
    /// <returns>A task that completes when the stream has ended.</returns>
    public ValueTask CompleteStreamAsync<T>(IAsyncEnumerable<T> items, WireEncoder<T> encodeItem)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(encodeItem);
        return StreamAsync(items, encodeItem);
    }

    internal void Start(IncomingCalls owner, uint callId, uint methodId, RpcMethodKind kind)
    {
        _owner = owner;
        CallId = callId;
        MethodId = methodId;
        Kind = kind;
        _credit = kind is RpcMethodKind.Stream or RpcMethodKind.DuplexStream ? new StreamSendCredit(owner.MaxStreamCredit) : null;
    }

    /// <summary>The call's context, while it runs; completed (its deadline no longer passed on) when the call is reset.</summary>
    internal SocketCallContext? Context { get; set; }

    /// <summary>When the call's deadline passes, in <see cref="Environment.TickCount64"/> milliseconds; 0 for none.</summary>
    internal long DeadlineAt { get; private set; }

    internal void SetDeadline(uint milliseconds)
    {
        _hasDeadline = true;
        DeadlineAt = Environment.TickCount64 + (long)Timing.Timeouts.DeadlineFromWire(milliseconds).TotalMilliseconds;
        _cancellation.CancelAfter(Timing.Timeouts.DeadlineFromWire(milliseconds));
    }

    /// <summary>Cancels the handler's token off the read loop's thread, so user callbacks cannot stall reading.</summary>
    internal void RequestCancel()
    {
        if (_cancelRequested)
        {
            return;
        }

        _cancelRequested = true;
        CancellationTokenSource cancellation = _cancellation;
        ThreadPool.UnsafeQueueUserWorkItem(static c => CancelQuietly(c), cancellation, preferLocal: false);
    }

    /// <summary>
    /// Adds stream credit granted by a credit frame, clamped so the call never holds more than the connection's
    /// <see cref="SocketServerOptions.MaxStreamCredit"/> items of credit: what a peer grants beyond that is ignored.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The credit grants nothing.</exception>
    internal void AddCredit(uint items, uint? bytes)
    {
        if (items == 0 && bytes is null or 0)
        {
            throw new ProtocolViolationException("A stream credit that grants nothing is not valid.");
        }

        _credit?.Add(items, bytes);
    }

    /// <summary>Keeps the dispatch task and finishes the call when it completes, without allocating a continuation for pooled tasks.</summary>
    internal void TrackDispatch(ValueTask dispatchTask)
    {
        _dispatchTask = dispatchTask;
        _dispatchTask.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onDispatchCompleted);
    }

    /// <summary>Makes the call ready for reuse; false when it cannot be reused.</summary>
    internal void Reset()
    {
        Failure = null;
        if (_cancelRequested)
        {
            // A queued cancel may still run against the old source: leave it undisposed for the GC.
            _cancellation = new CancellationTokenSource();
        }
        else if (!_cancellation.TryReset())
        {
            _cancellation.Dispose();
            _cancellation = new CancellationTokenSource();
        }

        _cancelRequested = false;
        _hasDeadline = false;
        DeadlineAt = 0;
        Context?.Complete();
        Context = null;
        _owner = null;
        _dispatchTask = default;
        _credit?.Close();
        _credit = null;
        _inbox?.OnError(new InvalidOperationException("The call this stream belonged to is over."));
        _inbox = null;
    }

    /// <summary>Turns an exception from the user's method into an error frame (or a log line for one-way calls).</summary>
    internal void WriteFailure(Exception exception)
    {
        Failure = exception;
        IncomingCalls owner = Owner;
        if (IsOneWay)
        {
            owner.LogOneWayFailure(MethodId, exception);
            return;
        }

        owner.LogCallFailure(MethodId, exception);
        RpcErrorCode code = exception switch
        {
            OperationCanceledException when _cancellation.IsCancellationRequested && _hasDeadline && !_cancelRequested => RpcErrorCode.DeadlineExceeded,
            OperationCanceledException when _cancellation.IsCancellationRequested => RpcErrorCode.Cancelled,
            LimitExceededException => RpcErrorCode.LimitExceeded,
            _ => RpcErrorCode.ApplicationError,
        };
        if (Status is not null)
        {
            Status = code.ToString();
        }
        string typeName = exception.GetType().FullName ?? exception.GetType().Name;
        string message = ExceptionDetailPolicy.MessageFor(code, typeName, exception, owner.IncludeExceptionDetails);
        string? stackTrace = owner.IncludeExceptionDetails ? exception.StackTrace : null;
        WireEncoder<Exception>? fault = code == RpcErrorCode.ApplicationError ? owner.Dispatcher.GetFaultEncoder(MethodId, exception.GetType()) : null;
        owner.Writer.WriteError(CallId, MethodId, code, typeName, message, stackTrace, fault, exception);
    }

    private void WriteResult<T>(T value, WireEncoder<T> encodeResult)
    {
        if (IsOneWay)
        {
            return;
        }

        try
        {
            Owner.Writer.WriteFrame(FrameType.Response, FrameFlags.None, CallId, MethodId, 0, value, encodeResult);
        }
        catch (Exception ex)
        {
            WriteFailure(ex);
        }
    }

    private void WriteEmptyResult()
    {
        if (!IsOneWay)
        {
            Owner.Writer.WriteFrame(FrameType.Response, FrameFlags.None, CallId, MethodId, ReadOnlySpan<byte>.Empty);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitResultAsync<T>(ValueTask<T> result, WireEncoder<T> encodeResult)
    {
        T value;
        try
        {
            value = await result.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WriteFailure(ex);
            return;
        }

        WriteResult(value, encodeResult);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitEmptyResultAsync(ValueTask result)
    {
        try
        {
            await result.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WriteFailure(ex);
            return;
        }

        WriteEmptyResult();
    }

    private async ValueTask StreamAsync<T>(IAsyncEnumerable<T> items, WireEncoder<T> encodeItem)
    {
        StreamSendCredit credit = _credit ?? throw new InvalidOperationException("The method is not a stream method.");
        CancellationToken cancellationToken = CancellationToken;

        // Registered before the user's iterator starts, so it runs after the iterator's own registrations: a
        // producer woken by cancellation ends the iterator, which must not happen before its callbacks ran.
        using CancellationTokenRegistration wakeOnCancel = credit.CancelOn(cancellationToken);
        try
        {
            await foreach (T item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!await credit.WaitAsync().ConfigureAwait(false))
                {
                    return;
                }

                FrameWriter writer = Owner.Writer;
                if (!StreamFrames.WriteItem(writer, CallId, MethodId, item, encodeItem, credit))
                {
                    return;
                }

                if (writer.IsOverBacklog)
                {
                    // The client reads slower than this stream produces: wait for room instead of buffering.
                    await writer.WaitForDrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            Owner.Writer.WriteFrame(FrameType.StreamEnd, FrameFlags.None, CallId, MethodId, ReadOnlySpan<byte>.Empty);
        }
        catch (Exception ex)
        {
            WriteFailure(ex);
        }
    }

    private static void CancelQuietly(CancellationTokenSource cancellation)
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished and its source was retired before the cancel ran: nothing left to cancel.
        }
        catch (AggregateException)
        {
            // A user's cancellation callback threw; the call's own error path reports what matters.
        }
    }

    private void OnDispatchCompleted()
    {
        IncomingCalls owner = Owner;
        try
        {
            _dispatchTask.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            // The generated dispatcher's own task failed (the Complete methods never throw): still answer.
            WriteFailure(ex);
        }

        owner.FinishCall(this);
    }
}
