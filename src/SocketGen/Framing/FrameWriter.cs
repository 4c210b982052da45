using System.Buffers;
using System.IO.Pipelines;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Framing;

/// <summary>
/// Writes frames for many concurrent callers onto one transport stream. Callers append whole frames to a
/// pipe under a short lock (no await inside); one send loop per connection takes everything appended so
/// far and writes it in one go, so frames written while a send is in flight are coalesced into the next.
/// Nothing here allocates per frame in steady state: payloads are encoded into a per-thread pooled buffer,
/// the pipe's segments are pooled, and the send loop is a single long-lived async method.
/// A read loop that answers frames synchronously brackets its work with <see cref="BeginBatch"/> and
/// <see cref="EndBatch"/>: frames written on its thread in between are encoded straight into a batch buffer
/// without taking the lock, and go to the pipe in one piece at the end.
/// </summary>
internal sealed class FrameWriter
{
    // The send loop wakes on the thread pool: concurrent writers coalesce into its next send.
    private static readonly PipeOptions s_pooledSendOptions = CreatePipeOptions(PipeScheduler.ThreadPool);

    // The send loop runs on the thread that flushes: a read loop that answered a whole read in one batch
    // sends it itself, as a hand-written server would, without a hop to another thread.
    private static readonly PipeOptions s_inlineSendOptions = CreatePipeOptions(PipeScheduler.Inline);

    private readonly EngineLock _lock = new();
    private readonly Pipe _pipe;
    private readonly Stream _stream;
    private readonly int _maxPayloadLength;
    private readonly long _backlogLimit;
    private readonly Action<Exception> _onSendFailed;
    private readonly Task _sendLoop;
    private long _unsentBytes;
    private bool _completed;
    private int _batchThreadId;
    private WireBuffer? _batch;
    private TaskCompletionSource? _drained;

    /// <param name="stream">The transport.</param>
    /// <param name="maxPayloadLength">The largest payload a frame may carry.</param>
    /// <param name="onSendFailed">Called once when sending fails.</param>
    /// <param name="sendOnFlushingThread">
    /// True to run the send loop on the thread that flushes (with <see cref="BeginBatch"/> / <see cref="EndBatch"/>
    /// around a read loop's work); false to wake it on the thread pool.
    /// </param>
    public FrameWriter(Stream stream, int maxPayloadLength, Action<Exception> onSendFailed, bool sendOnFlushingThread = false)
    {
        _pipe = new Pipe(sendOnFlushingThread ? s_inlineSendOptions : s_pooledSendOptions);
        _stream = stream;
        _maxPayloadLength = maxPayloadLength;
        _onSendFailed = onSendFailed;
        // Room for a few maximum frames before writers are asked to wait.
        _backlogLimit = Math.Max(4L * (maxPayloadLength + FrameHeader.Size), 256 * 1024);
        _sendLoop = SendLoopAsync();
    }

    /// <summary>True when more bytes wait to be sent than the backlog limit; readers stop reading until it drains.</summary>
    public bool IsOverBacklog => Volatile.Read(ref _unsentBytes) > _backlogLimit;

    /// <summary>The bytes written but not yet handed to the transport.</summary>
    public long UnsentBytes => Volatile.Read(ref _unsentBytes);

    /// <summary>The backlog above which writers wait and readers stop reading.</summary>
    public long BacklogLimit => _backlogLimit;

    /// <summary>True once the writer was completed or the transport failed: nothing more will be sent.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>The task of the send loop; it ends when the writer is completed and everything was sent, or on error.</summary>
    public Task SendLoop => _sendLoop;

    /// <summary>
    /// Starts a batch on the calling thread: until <see cref="EndBatch"/>, frames this thread writes are
    /// collected without the lock and handed to the send loop together, in one send, instead of one wake-up
    /// each. Frames other threads write meanwhile go to the pipe as usual. The caller must not await
    /// between the two calls (another continuation could then run on this thread), and only one thread
    /// may batch at a time.
    /// </summary>
    public void BeginBatch()
    {
        _batch ??= new WireBuffer();
        Volatile.Write(ref _batchThreadId, Environment.CurrentManagedThreadId);
    }

    /// <summary>Ends a batch begun by <see cref="BeginBatch"/> and hands what it wrote to the send loop.</summary>
    public void EndBatch()
    {
        Volatile.Write(ref _batchThreadId, 0);
        WireBuffer? batch = _batch;
        if (batch is null || batch.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (!_completed)
            {
                AppendToPipe(batch.WrittenSpan);
                Interlocked.Add(ref _unsentBytes, batch.Length);
                FlushPipe();
            }
        }

        batch.Clear();
    }

    /// <summary>Writes the connection preface.</summary>
    public bool WritePreface()
    {
        Span<byte> preface = stackalloc byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface);
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            _pipe.Writer.Write(preface);
            return Flush(ConnectionPreface.Size);
        }
    }

    /// <summary>Writes one frame with a ready payload. Returns false when the connection no longer sends.</summary>
    /// <exception cref="LimitExceededException">The payload is over the maximum frame payload.</exception>
    public bool WriteFrame(FrameType type, FrameFlags flags, uint callId, uint methodId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _maxPayloadLength)
        {
            WireThrow.TooLarge(payload.Length, _maxPayloadLength);
        }

        if (IsBatching)
        {
            WireBuffer batch = _batch!;
            Span<byte> frame = batch.GetSpan(FrameHeader.Size + payload.Length);
            new FrameHeader(type, flags, callId, methodId, payload.Length).Write(frame);
            payload.CopyTo(frame.Slice(FrameHeader.Size));
            batch.Advance(FrameHeader.Size + payload.Length);
            return !Volatile.Read(ref _completed);
        }

        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            // One contiguous piece per frame, so a large frame goes out in one send rather than one per pipe segment.
            PipeWriter writer = _pipe.Writer;
            Span<byte> frame = writer.GetSpan(FrameHeader.Size + payload.Length);
            new FrameHeader(type, flags, callId, methodId, payload.Length).Write(frame);
            payload.CopyTo(frame.Slice(FrameHeader.Size));
            writer.Advance(FrameHeader.Size + payload.Length);
            return Flush(FrameHeader.Size + payload.Length);
        }
    }

    /// <summary>Encodes <paramref name="value"/> as the payload (after an optional deadline) and writes the frame.</summary>
    /// <exception cref="LimitExceededException">The encoded payload is over the maximum frame payload.</exception>
    public bool WriteFrame<T>(FrameType type, FrameFlags flags, uint callId, uint methodId, uint deadlineMilliseconds, T value, WireEncoder<T> encoder)
    {
        if (IsBatching)
        {
            return WriteBatchedFrame(type, flags, callId, methodId, deadlineMilliseconds, value, encoder);
        }

        WireBuffer buffer = WireBuffer.Rent(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(buffer);
            WritePayload(ref writer, flags, deadlineMilliseconds, value, encoder);
            return WriteFrame(type, flags, callId, methodId, buffer.WrittenSpan);
        }
        finally
        {
            WireBuffer.Return(buffer);
        }
    }

    /// <summary>Writes an error frame (call id 0 for a connection-level error).</summary>
    public bool WriteError(uint callId, uint methodId, RpcErrorCode code, string typeName, string message, string? stackTrace)
    {
        WireBuffer buffer = WireBuffer.Rent(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(buffer);
            ErrorPayload.Write(ref writer, code, typeName, message, stackTrace);
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
        lock (_lock)
        {
            if (!_completed)
            {
                _completed = true;
                _pipe.Writer.Complete();
            }
        }

        await _sendLoop.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static PipeOptions CreatePipeOptions(PipeScheduler sendScheduler) => new(
        pool: null,
        readerScheduler: sendScheduler,
        writerScheduler: PipeScheduler.Inline,
        // No pipe backpressure: the lock must never be held across an await. The engine bounds the
        // backlog itself with IsOverBacklog / WaitForDrainAsync.
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private bool IsBatching => Volatile.Read(ref _batchThreadId) == Environment.CurrentManagedThreadId;

    private static void WritePayload<T>(ref WireWriter writer, FrameFlags flags, uint deadlineMilliseconds, T value, WireEncoder<T> encoder)
    {
        if ((flags & FrameFlags.HasDeadline) != 0)
        {
            writer.WriteUInt32(deadlineMilliseconds);
        }

        if ((flags & FrameFlags.HasTraceContext) != 0)
        {
            Diagnostics.TraceContextCodec.Write(ref writer, System.Diagnostics.Activity.Current?.Context ?? default);
        }

        encoder(ref writer, value);
    }

    /// <summary>Encodes the frame straight into the batch (header first, patched once the payload's length is known).</summary>
    private bool WriteBatchedFrame<T>(FrameType type, FrameFlags flags, uint callId, uint methodId, uint deadlineMilliseconds, T value, WireEncoder<T> encoder)
    {
        WireBuffer batch = _batch!;
        int frameStart = batch.Length;
        batch.Advance(FrameHeader.Size, ensure: true);
        batch.BeginPayload(_maxPayloadLength);
        try
        {
            var writer = new WireWriter(batch);
            WritePayload(ref writer, flags, deadlineMilliseconds, value, encoder);
        }
        catch
        {
            // Nothing of a frame that failed to encode stays in the batch.
            batch.Truncate(frameStart);
            throw;
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

    private void AppendToPipe(ReadOnlySpan<byte> bytes)
    {
        PipeWriter writer = _pipe.Writer;
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    private bool Flush(int bytes)
    {
        Interlocked.Add(ref _unsentBytes, bytes);
        return FlushPipe();
    }

    private bool FlushPipe()
    {
        // Without a pause threshold the flush completes synchronously; it only wakes the send loop.
        ValueTask<FlushResult> flush = _pipe.Writer.FlushAsync();
        FlushResult result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
        return !result.IsCompleted;
    }

    private async Task SendLoopAsync()
    {
        Exception? error = null;
        PipeReader reader = _pipe.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                long length = buffer.Length;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (Interlocked.Add(ref _unsentBytes, -length) <= _backlogLimit && _drained is not null)
                {
                    SignalDrained();
                }

                if (result.IsCompleted)
                {
                    break;
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
                if (!_completed)
                {
                    _completed = true;
                    _pipe.Writer.Complete();
                }
            }

            reader.Complete();
            SignalDrained();
        }

        if (error is not null)
        {
            _onSendFailed(error);
        }
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
