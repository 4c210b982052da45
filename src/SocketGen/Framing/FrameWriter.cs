using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Framing;

/// <summary>
/// Writes frames for many concurrent callers onto one transport stream. Callers append whole frames to a
/// queue of pooled buffers under a short lock (no await inside); one send loop per connection takes every
/// buffer queued so far and writes them, so frames written while a send is in flight are coalesced into the
/// next. Nothing here allocates per frame in steady state: payloads are encoded into a per-thread pooled
/// buffer, the queue's buffers are reused, and the send loop is a single long-lived async method.
/// A read loop that answers frames synchronously brackets its work with <see cref="BeginBatch"/> and
/// <see cref="EndBatch"/>: frames written on its thread in between are encoded straight into a batch buffer
/// without taking the lock, and that buffer itself is queued at the end, so a batch is never copied before
/// it is sent.
/// </summary>
internal sealed class FrameWriter : IThreadPoolWorkItem
{
    // Emptied buffers kept for reuse (a batch buffer and a buffer for frames from other threads are the usual pair).
    private const int MaxFreeBuffers = 4;

    private readonly EngineLock _lock = new();
    private readonly Stream _stream;
    private readonly int _maxPayloadLength;
    private readonly long _backlogLimit;
    private readonly Action<Exception> _onSendFailed;
    private readonly AsyncSignal _sendSignal;
    private readonly bool _sendOnFlushingThread;
    private readonly List<WireBuffer> _queued = new();
    private readonly Stack<WireBuffer> _free = new();
    private readonly Task _sendLoop;
    private List<WireBuffer> _sending = new();
    private long _unsentBytes;
    private long _sentBytes;
    private bool _completed;
    private bool _sendLoopIdle;
    private int _batchThreadId;
    private WireBuffer? _batch;
    private TaskCompletionSource? _drained;

    /// <param name="stream">The transport.</param>
    /// <param name="maxPayloadLength">The largest payload a frame may carry.</param>
    /// <param name="onSendFailed">Called once when sending fails.</param>
    /// <param name="sendOnFlushingThread">
    /// True to run the send loop on the thread that queued the frames (with <see cref="BeginBatch"/> /
    /// <see cref="EndBatch"/> around a read loop's work: a read's answers go out from the read loop's thread,
    /// as a hand-written server sends them); false to wake it on the thread pool, so concurrent callers
    /// coalesce into its next send.
    /// </param>
    public FrameWriter(Stream stream, int maxPayloadLength, Action<Exception> onSendFailed, bool sendOnFlushingThread = false)
    {
        _stream = stream;
        _maxPayloadLength = maxPayloadLength;
        _onSendFailed = onSendFailed;
        _sendOnFlushingThread = sendOnFlushingThread;
        _sendSignal = new AsyncSignal(runContinuationsAsynchronously: false);
        // Room for a few maximum frames before writers are asked to wait.
        _backlogLimit = Math.Max(4L * (maxPayloadLength + FrameHeader.Size), 256 * 1024);
        _sendLoop = SendLoopAsync();
    }

    /// <summary>True when more bytes wait to be sent than the backlog limit; readers stop reading until it drains.</summary>
    public bool IsOverBacklog => Volatile.Read(ref _unsentBytes) > _backlogLimit;

    /// <summary>The largest payload a frame may carry.</summary>
    public int MaxPayloadLength => _maxPayloadLength;

    /// <summary>The bytes written but not yet handed to the transport.</summary>
    public long UnsentBytes => Volatile.Read(ref _unsentBytes);

    /// <summary>The bytes handed to the transport so far, counted per buffer sent; for the minimum data rate.</summary>
    public long SentBytes => Volatile.Read(ref _sentBytes);

    /// <summary>The backlog above which writers wait and readers stop reading.</summary>
    public long BacklogLimit => _backlogLimit;

    /// <summary>True once the writer was completed or the transport failed: nothing more will be sent.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>The task of the send loop; it ends when the writer is completed and everything was sent, or on error.</summary>
    public Task SendLoop => _sendLoop;

    private bool IsBatching => Volatile.Read(ref _batchThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Starts a batch on the calling thread: until <see cref="EndBatch"/>, frames this thread writes are
    /// collected without the lock and handed to the send loop together, in one send, instead of one wake-up
    /// each. Frames other threads write meanwhile are queued as usual. The caller must not await between the
    /// two calls (another continuation could then run on this thread), and only one thread may batch at a time.
    /// </summary>
    public void BeginBatch()
    {
        if (_batch is null)
        {
            // The previous batch's buffer went to the send loop: take one it has given back.
            lock (_lock)
            {
                _batch = _free.Count > 0 ? _free.Pop() : new WireBuffer();
            }
        }

        Volatile.Write(ref _batchThreadId, Environment.CurrentManagedThreadId);
    }

    /// <summary>Ends a batch begun by <see cref="BeginBatch"/> and queues what it wrote, without copying it.</summary>
    public void EndBatch()
    {
        Volatile.Write(ref _batchThreadId, 0);
        WireBuffer? batch = _batch;
        if (batch is null || batch.Length == 0)
        {
            return;
        }

        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                batch.Clear();
                return;
            }

            _queued.Add(batch);
            _batch = _free.Count > 0 ? _free.Pop() : null;
            wake = Queued(batch.Length);
        }

        if (wake)
        {
            WakeSendLoop();
        }
    }

    /// <summary>Writes the connection preface.</summary>
    /// <param name="capabilities">The preface's capability byte (<see cref="ConnectionPreface.ServesPeerCalls"/> or 0).</param>
    public bool WritePreface(byte capabilities = 0)
    {
        Span<byte> preface = stackalloc byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface, capabilities);
        return Append(preface, default, writeHeader: false);
    }

    /// <summary>Writes one frame with a ready payload. Returns false when the connection no longer sends.</summary>
    /// <exception cref="LimitExceededException">The payload is over the maximum frame payload.</exception>
    public bool WriteFrame(FrameType type, FrameFlags flags, uint callId, uint methodId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _maxPayloadLength)
        {
            WireThrow.TooLarge(payload.Length, _maxPayloadLength);
        }

        var header = new FrameHeader(type, flags, callId, methodId, payload.Length);
        if (IsBatching)
        {
            WriteFrameTo(_batch!, header, payload);
            return !Volatile.Read(ref _completed);
        }

        return Append(payload, header, writeHeader: true);
    }

    /// <summary>Encodes <paramref name="value"/> as the payload (after an optional deadline) and writes the frame.</summary>
    /// <exception cref="LimitExceededException">The encoded payload is over the maximum frame payload.</exception>
    public bool WriteFrame<T>(FrameType type, FrameFlags flags, uint callId, uint methodId, uint deadlineMilliseconds, T value, WireEncoder<T> encoder, OutgoingMetadata? metadata = null)
    {
        if (IsBatching)
        {
            return WriteBatchedFrame(type, flags, callId, methodId, deadlineMilliseconds, value, encoder, metadata);
        }

        WireBuffer buffer = WireBuffer.Rent(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(buffer);
            WritePayload(ref writer, flags, deadlineMilliseconds, value, encoder, metadata);
            return WriteFrame(type, flags, callId, methodId, buffer.WrittenSpan);
        }
        finally
        {
            WireBuffer.Return(buffer);
        }
    }

    /// <summary>
    /// Writes an error frame (call id 0 for a connection-level error); a declared fault's data follows the
    /// payload's fields when <paramref name="faultEncoder"/> is given (wire-format §5.3).
    /// </summary>
    public bool WriteError(uint callId, uint methodId, RpcErrorCode code, string typeName, string message, string? stackTrace, WireEncoder<Exception>? faultEncoder = null, Exception? fault = null)
    {
        WireBuffer buffer = WireBuffer.Rent(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(buffer);
            ErrorPayload.Write(ref writer, code, typeName, message, stackTrace);
            if (faultEncoder is not null && fault is not null && !ErrorPayload.TryWriteFault(ref writer, buffer, faultEncoder, fault))
            {
                // The fault's data could not be written (its getter threw, or a cycle): the caller still learns
                // the type, as for an undeclared exception.
                WireBuffer.Return(buffer);
                buffer = WireBuffer.Rent(_maxPayloadLength);
                writer = new WireWriter(buffer);
                ErrorPayload.Write(ref writer, code, typeName, message, stackTrace);
            }

            if (buffer.Length > _maxPayloadLength)
            {
                // An enormous exception message must not turn an error into a second error.
                WireBuffer.Return(buffer);
                buffer = WireBuffer.Rent(_maxPayloadLength);
                writer = new WireWriter(buffer);
                ErrorPayload.Write(ref writer, code, typeName, message.Substring(0, Math.Min(message.Length, 1024)), null);
            }

            return WriteFrame(FrameType.Error, FrameFlags.None, callId, methodId, buffer.WrittenSpan);
        }
        finally
        {
            WireBuffer.Return(buffer);
        }
    }

    /// <summary>Waits until the backlog is under the limit again, or the writer completed.</summary>
    public Task WaitForDrainAsync()
    {
        lock (_lock)
        {
            if (_completed || !IsOverBacklog)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Stops accepting frames; what was written is still sent. Waits for the send loop up to <paramref name="timeout"/>.</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        bool wake = false;
        lock (_lock)
        {
            if (!_completed)
            {
                _completed = true;
                wake = _sendLoopIdle;
                _sendLoopIdle = false;
            }
        }

        if (wake)
        {
            WakeSendLoop();
        }

        await _sendLoop.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static void WritePayload<T>(ref WireWriter writer, FrameFlags flags, uint deadlineMilliseconds, T value, WireEncoder<T> encoder, OutgoingMetadata? metadata)
    {
        if ((flags & FrameFlags.HasDeadline) != 0)
        {
            writer.WriteUInt32(deadlineMilliseconds);
        }

        if ((flags & FrameFlags.HasTraceContext) != 0)
        {
            Diagnostics.TraceContextCodec.Write(ref writer, System.Diagnostics.Activity.Current?.Context ?? default);
        }

        if ((flags & FrameFlags.HasMetadata) != 0 && metadata is { } block)
        {
            block.Write(ref writer);
        }

        encoder(ref writer, value);
    }

    private static void WriteFrameTo(WireBuffer buffer, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        Span<byte> frame = buffer.GetSpan(FrameHeader.Size + payload.Length);
        header.Write(frame);
        payload.CopyTo(frame.Slice(FrameHeader.Size));
        buffer.Advance(FrameHeader.Size + payload.Length);
    }

    /// <summary>Encodes the frame straight into the batch (header first, patched once the payload's length is known).</summary>
    private bool WriteBatchedFrame<T>(FrameType type, FrameFlags flags, uint callId, uint methodId, uint deadlineMilliseconds, T value, WireEncoder<T> encoder, OutgoingMetadata? metadata)
    {
        WireBuffer batch = _batch!;
        int frameStart = batch.Length;
        batch.Reserve(FrameHeader.Size);
        batch.BeginPayload(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(batch);
            WritePayload(ref writer, flags, deadlineMilliseconds, value, encoder, metadata);
        }
        catch
        {
            // Nothing of a frame that failed to encode stays in the batch.
            batch.Truncate(frameStart);
            throw;
        }
        finally
        {
            // The limit is this payload's: frames written after it (or appended once the batch is queued) have their own.
            batch.EndPayload();
        }

        int payloadLength = batch.Length - frameStart - FrameHeader.Size;
        if (payloadLength > _maxPayloadLength)
        {
            // The buffer only checks its limit when it grows; one already big enough did not.
            batch.Truncate(frameStart);
            WireThrow.TooLarge(payloadLength, _maxPayloadLength);
        }

        new FrameHeader(type, flags, callId, methodId, payloadLength).Write(batch.WrittenAt(frameStart, FrameHeader.Size));
        return !Volatile.Read(ref _completed);
    }

    /// <summary>Appends a frame (or the preface) to the last queued buffer the send loop has not taken yet.</summary>
    private bool Append(ReadOnlySpan<byte> payload, in FrameHeader header, bool writeHeader)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            WireBuffer tail;
            if (_queued.Count > 0)
            {
                tail = _queued[^1];
            }
            else
            {
                tail = _free.Count > 0 ? _free.Pop() : new WireBuffer();
                _queued.Add(tail);
            }

            int length = payload.Length;
            if (writeHeader)
            {
                WriteFrameTo(tail, header, payload);
                length += FrameHeader.Size;
            }
            else
            {
                payload.CopyTo(tail.GetSpan(payload.Length));
                tail.Advance(payload.Length);
            }

            wake = Queued(length);
        }

        if (wake)
        {
            WakeSendLoop();
        }

        return true;
    }

    /// <summary>Runs the woken send loop on a pool thread (the global queue, so it does not wait behind the waker's own work).</summary>
    void IThreadPoolWorkItem.Execute() => _sendSignal.Set();

    private void WakeSendLoop()
    {
        if (_sendOnFlushingThread)
        {
            _sendSignal.Set();
        }
        else
        {
            // Only the idle-to-busy transition wakes it, so this item is never queued twice at once.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Counts queued bytes; true when the send loop sleeps and must be woken (outside the lock).</summary>
    private bool Queued(int bytes)
    {
        Interlocked.Add(ref _unsentBytes, bytes);
        if (!_sendLoopIdle)
        {
            return false;
        }

        _sendLoopIdle = false;
        return true;
    }

    private async Task SendLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                List<WireBuffer>? sending = null;
                bool completed;
                lock (_lock)
                {
                    // One lock round trip per pass: give back what the last pass sent, then take everything
                    // queued since (writers start a new buffer from here on), or go idle.
                    Recycle(_sending);
                    completed = _completed;
                    if (_queued.Count > 0)
                    {
                        _sending.AddRange(_queued);
                        _queued.Clear();
                        sending = _sending;
                    }
                    else if (!completed)
                    {
                        _sendLoopIdle = true;
                    }
                }

                if (sending is null)
                {
                    if (completed)
                    {
                        break;
                    }

                    // Set once frames are queued or the writer completes; with sendOnFlushingThread the
                    // continuation runs on the thread that queued them.
                    await _sendSignal.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                long sent = 0;
                foreach (WireBuffer buffer in sending)
                {
                    await _stream.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                    sent += buffer.Length;

                    // Only this loop writes it.
                    Volatile.Write(ref _sentBytes, _sentBytes + buffer.Length);
                }

                if (Interlocked.Add(ref _unsentBytes, -sent) <= _backlogLimit && Volatile.Read(ref _drained) is not null)
                {
                    SignalDrained();
                }
            }

            await _stream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            lock (_lock)
            {
                _completed = true;
                _sendLoopIdle = false;
                _queued.Clear();
            }

            SignalDrained();
        }

        if (error is not null)
        {
            _onSendFailed(error);
        }
    }

    /// <summary>Empties sent buffers and keeps a few for reuse; called under the lock.</summary>
    private void Recycle(List<WireBuffer> sent)
    {
        foreach (WireBuffer buffer in sent)
        {
            buffer.Clear();
            if (_free.Count < MaxFreeBuffers)
            {
                _free.Push(buffer);
            }
        }

        sent.Clear();
    }

    private void SignalDrained()
    {
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
    }
}
