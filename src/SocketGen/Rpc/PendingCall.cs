using System.Threading.Tasks.Sources;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// A call the client is waiting on, kept in its connection's table by call id. Whoever removes it from the
/// table (the response, an error, cancellation, the deadline, connection loss) completes it, exactly once.
/// </summary>
internal abstract class PendingCall
{
    public uint CallId { get; set; }

    public uint MethodId { get; set; }

    /// <summary>When the call's deadline passes, in <see cref="Environment.TickCount64"/> milliseconds; 0 for none.</summary>
    public long DeadlineAt { get; set; }

    /// <summary>The deadline the call was sent with, in milliseconds; for the error message.</summary>
    public uint DeadlineMilliseconds { get; set; }

    public OutgoingCalls? Owner { get; set; }

    /// <summary>The call's client span, when tracing is on; ended when the call completes.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>The response frame's payload arrived.</summary>
    public abstract void OnResponse(ref WireReader reader);

    /// <summary>The call failed.</summary>
    public abstract void OnError(Exception error);

    /// <summary>
    /// The credit for this call's own client stream (wire 1.2), or null when the call sends no stream.
    /// </summary>
    public StreamSendCredit? SendCredit { get; set; }

    /// <summary>Cancelled when the call ends, so the pump sending its client stream stops; null when it sends none.</summary>
    public CancellationTokenSource? SendCancellation { get; set; }

    /// <summary>A stream item arrived; only stream calls expect it.</summary>
    public virtual void OnStreamItem(ref WireReader reader, int payloadLength) =>
        throw new ProtocolViolationException($"The server sent a stream item for call {CallId}, which is not a stream call.");

    /// <summary>The stream ended; only stream calls expect it.</summary>
    public virtual void OnStreamEnd() =>
        throw new ProtocolViolationException($"The server sent a stream end for call {CallId}, which is not a stream call.");

    /// <summary>The server granted credit for the call's client stream.</summary>
    /// <exception cref="ProtocolViolationException">The call sends no stream, or the credit grants nothing.</exception>
    public void OnCredit(uint items, uint? bytes)
    {
        StreamSendCredit credit = SendCredit ?? throw new ProtocolViolationException($"The server sent stream credit for call {CallId}, which sends no stream.");
        credit.Add(items, bytes);
    }

    /// <summary>Whether the call stays in the table after a frame (stream calls do until they end).</summary>
    public virtual bool IsStream => false;

    /// <summary>The call is over: the pump sending its client stream, if any, stops.</summary>
    protected void EndSending()
    {
        SendCredit?.Close();
        if (SendCancellation is { } cancellation)
        {
            // Off this thread (often the receive loop): the pump's continuations must not run inside it.
            ThreadPool.UnsafeQueueUserWorkItem(static c => CancelQuietly(c), cancellation, preferLocal: false);
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
            // The pump already finished and disposed it.
        }
    }

    /// <summary>Ends the call's span, if any, with the error that ended the call (null for success).</summary>
    protected void EndActivity(Exception? error)
    {
        if (Activity is { } activity)
        {
            Activity = null;
            Diagnostics.SocketGenTracing.Stop(activity, error?.GetType().Name);
        }
    }
}

/// <summary>
/// A pooled unary call: the caller's <see cref="ValueTask{TResult}"/> is backed by this object, so a call
/// allocates nothing once the pool is warm. It returns to the pool when the caller takes the result.
/// </summary>
internal sealed class PendingCall<T> : PendingCall, IValueTaskSource<T>, IValueTaskSource
{
    private const int PoolSize = 256;
    private static readonly object s_poolLock = new();
    private static readonly PendingCall<T>[] s_pool = new PendingCall<T>[PoolSize];
    private static int s_pooled;

    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
    private WireDecoder<T>? _decoder;
    private CancellationTokenRegistration _registration;

    public static PendingCall<T> Rent(WireDecoder<T>? decoder)
    {
        PendingCall<T>? call = null;
        lock (s_poolLock)
        {
            if (s_pooled > 0)
            {
                call = s_pool[--s_pooled];
                s_pool[s_pooled] = null!;
            }
        }

        call ??= new PendingCall<T>();
        call._decoder = decoder;
        return call;
    }

    /// <summary>Puts a call that was never handed to a caller back in the pool.</summary>
    public static void Return(PendingCall<T> call)
    {
        call.Clear();
        lock (s_poolLock)
        {
            if (s_pooled < PoolSize)
            {
                s_pool[s_pooled++] = call;
            }
        }
    }

    public ValueTask<T> AsValueTask() => new(this, _core.Version);

    public ValueTask AsVoidValueTask() => new(this, _core.Version);

    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var call = (PendingCall<T>)state!;
                call.Owner?.CancelCall(call, token);
            },
            this);
    }

    public override void OnResponse(ref WireReader reader)
    {
        T value;
        try
        {
            value = _decoder is null ? default! : _decoder(ref reader);
        }
        catch (Exception ex)
        {
            Exception error = ex as ProtocolViolationException ?? new ProtocolViolationException("The response did not decode: " + ex.Message, ex);
            EndActivity(error);
            _core.SetException(error);
            throw error;
        }

        EndActivity(null);
        _core.SetResult(value);
    }

    public override void OnError(Exception error)
    {
        EndActivity(error);
        _core.SetException(error);
    }

    public T GetResult(short token)
    {
        if (token != _core.Version)
        {
            throw new InvalidOperationException("The call's result was already taken.");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // Dispose waits for a cancellation callback that is running, so the call is idle before reuse.
            _registration.Dispose();
            Return(this);
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Clear()
    {
        EndActivity(null);
        _registration = default;
        _decoder = null;
        Owner = null;
        DeadlineAt = 0;
        _core.Reset();
    }
}
