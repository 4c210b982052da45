using SocketGen.Framing;
using SocketGen.Rpc;

namespace SocketGen.Tests.Framing;

public class FramingTests
{
    [Fact]
    public void TryReadFrame_tells_a_whole_frame_from_a_partial_one_and_says_how_long_the_partial_one_will_be()
    {
        byte[] frame = new byte[FrameHeader.Size + 5];
        new FrameHeader(FrameType.Response, FrameFlags.None, 7, 3, 5).Write(frame);

        Assert.False(FrameHeader.TryReadFrame(frame.AsSpan(0, FrameHeader.Size - 1), 1024, out _, out int unknown));
        Assert.Equal(0, unknown);
        Assert.False(FrameHeader.TryReadFrame(frame.AsSpan(0, FrameHeader.Size + 4), 1024, out _, out int partial));
        Assert.Equal(FrameHeader.Size + 5, partial);
        Assert.True(FrameHeader.TryReadFrame(frame, 1024, out FrameHeader header, out int whole));
        Assert.Equal((FrameHeader.Size + 5, 7u, 5), (whole, header.CallId, header.PayloadLength));
        Assert.Throws<LimitExceededException>(() => FrameHeader.TryReadFrame(frame, 4, out _, out _));
    }

    [Fact]
    public void The_header_is_16_bytes_in_network_byte_order()
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameType.Request, FrameFlags.HasDeadline, 0x01020304, 0x05060708, 0x090A0B0C).Write(bytes);

        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, bytes);
    }

    [Fact]
    public void An_oversized_length_is_refused_from_the_header_alone_before_the_payload_arrives()
    {
        var bytes = new byte[FrameHeader.Size];
        new FrameHeader(FrameType.Request, FrameFlags.None, 1, 1, int.MaxValue).Write(bytes);

        var ex = Assert.Throws<LimitExceededException>(() => FrameHeader.TryReadFrame(bytes, 1024 * 1024, out _, out _));
        Assert.Contains("2147483647", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_frame_asks_for_more_bytes()
    {
        var bytes = new byte[FrameHeader.Size + 10];
        new FrameHeader(FrameType.Response, FrameFlags.None, 1, 1, 10).Write(bytes);

        Assert.False(FrameHeader.TryReadFrame(bytes.AsSpan(0, bytes.Length - 1), 1024, out _, out int frameLength));
        Assert.Equal(bytes.Length, frameLength);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "Unknown frame type 0")]
    [InlineData(new byte[] { 12, 0, 0, 0 }, "Unknown frame type 12")]
    [InlineData(new byte[] { 255, 0, 0, 0 }, "Unknown frame type 255")]
    [InlineData(new byte[] { 1, 0, 0, 1 }, "reserved")]
    [InlineData(new byte[] { 1, 4, 0, 0 }, "Flags")]
    [InlineData(new byte[] { 2, 1, 0, 0 }, "Flags")]
    public void Malformed_headers_are_protocol_violations(byte[] start, string expected)
    {
        var bytes = new byte[FrameHeader.Size];
        start.CopyTo(bytes, 0);

        var ex = Assert.Throws<ProtocolViolationException>(() => FrameHeader.TryReadFrame(bytes, 1024, out _, out _));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preface_is_checked_byte_by_byte_as_it_arrives()
    {
        var preface = new byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface);
        Assert.Equal("SGRP"u8.ToArray(), preface[..4]);
        Assert.Equal(new byte[] { 1, 2, 0, 0 }, preface[4..]);

        Assert.Null(ConnectionPreface.Validate(preface.AsSpan(0, 3)));
        Assert.Equal(string.Empty, ConnectionPreface.Validate(preface));
        Assert.Contains("magic", ConnectionPreface.Validate("G"u8), StringComparison.Ordinal);

        preface[4] = 2;
        Assert.Contains("version 2.2", ConnectionPreface.Validate(preface), StringComparison.Ordinal);
        preface[4] = 1;
        preface[5] = 9;
        Assert.Equal(string.Empty, ConnectionPreface.Validate(preface));
    }

    [Theory]
    [InlineData(RpcErrorCode.Refused, typeof(CallNotStartedException))]
    [InlineData(RpcErrorCode.ServerStopping, typeof(CallNotStartedException))]
    [InlineData(RpcErrorCode.Cancelled, typeof(CallCancelledByServerException))]
    [InlineData(RpcErrorCode.DeadlineExceeded, typeof(DeadlineExceededException))]
    [InlineData(RpcErrorCode.ApplicationError, typeof(RemoteException))]
    public void Each_error_code_becomes_the_exception_that_says_whether_a_retry_is_safe(RpcErrorCode code, Type expected)
    {
        Exception error = ErrorPayload.ToException(code, "T", "why", null);

        Assert.IsType(expected, error);
        Assert.False(error is OperationCanceledException, "only the caller's own token cancels with OperationCanceledException");
        if (error is CallNotStartedException notStarted)
        {
            Assert.Equal(code, notStarted.ErrorCode);
        }
    }

    [Fact]
    public async Task Frames_written_while_a_send_is_in_flight_are_coalesced_into_few_writes()
    {
        var stream = new GatedStream();
        var writer = new FrameWriter(stream, 1024 * 1024, _ => { });
        const int frames = 1000;

        writer.WriteFrame(FrameType.Ping, FrameFlags.None, 0, 0, new byte[8]);
        await stream.FirstWriteStarted.WaitAsync(TimeSpan.FromSeconds(10));
        Parallel.For(0, frames, i => writer.WriteFrame(FrameType.Response, FrameFlags.None, (uint)i + 1, 1, BitConverter.GetBytes(i)));
        stream.Release();
        await writer.CompleteAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FrameHeader.Size + 8 + (frames * (FrameHeader.Size + 4)), stream.BytesWritten);
        Assert.True(stream.Writes < 50, $"{frames} frames took {stream.Writes} writes");
    }

    [Fact]
    public async Task Frames_of_a_batch_and_frames_appended_after_it_are_each_held_to_the_payload_limit_not_to_their_sum()
    {
        // Regression: the limit of the last frame encoded into a batch once carried over to everything written
        // into that buffer after it, so a valid frame could fail as "too large" depending on what came before.
        var stream = new GatedStream();
        stream.Release();
        var writer = new FrameWriter(stream, 1024, _ => { }, sendOnFlushingThread: true);
        byte[] nearLimit = new byte[1020];

        writer.BeginBatch();
        Assert.True(writer.WriteFrame(FrameType.Response, FrameFlags.None, 1, 1, 0, 42, static (ref SocketGen.Serialization.WireWriter w, int v) => w.WriteInt32(v)));
        Assert.True(writer.WriteFrame(FrameType.Response, FrameFlags.None, 2, 1, nearLimit));
        Assert.True(writer.WriteFrame(FrameType.Response, FrameFlags.None, 3, 1, 0, nearLimit, static (ref SocketGen.Serialization.WireWriter w, byte[] v) => w.WriteByteArray(v)));
        writer.EndBatch();
        Assert.True(writer.WriteFrame(FrameType.Response, FrameFlags.None, 4, 1, nearLimit));
        await writer.CompleteAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((4 * FrameHeader.Size) + 4 + 1020 + 1024 + 1020, stream.BytesWritten);
    }

    [Fact]
    public void A_payload_over_the_limit_is_refused_before_anything_is_written()
    {
        var stream = new GatedStream();
        stream.Release();
        var writer = new FrameWriter(stream, 16, _ => { });

        Assert.Throws<LimitExceededException>(() => writer.WriteFrame(FrameType.Response, FrameFlags.None, 1, 1, new byte[17]));
        Assert.Throws<LimitExceededException>(() => writer.WriteFrame(FrameType.Response, FrameFlags.None, 1, 1, 0, "this string is too long", static (ref SocketGen.Serialization.WireWriter w, string s) => w.WriteString(s)));
        Assert.Equal(0, stream.BytesWritten);
    }

    private sealed class GatedStream : Stream
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes;
        public long BytesWritten;

        public Task FirstWriteStarted => _firstWrite.Task;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release() => _gate.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Writes);
            _firstWrite.TrySetResult();
            await _gate.Task;
            Interlocked.Add(ref BytesWritten, buffer.Length);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
