using System.Buffers;
using BenchmarkDotNet.Attributes;
using SocketGen.Framing;

namespace SocketGen.Benchmarks.Framing;

/// <summary>
/// Cutting frames out of received bytes, per frame: 128 frames back to back, read out of one contiguous
/// buffer and out of a sequence of 1,000-byte segments (an odd size, so frames straddle boundaries at every
/// alignment). Two loops, the two the engine runs: the client's <see cref="FrameParser.TryReadFrame"/> over
/// the sequence, and the server's span loop (ServerConnection.ReadFrames), which reads headers straight from
/// each segment's span and falls back to the sequence only for a frame that straddles segments. Frame
/// handling is left out: only the header parse and the payload slice are measured.
/// </summary>
[MemoryDiagnoser]
public class FrameParsingBenchmarks
{
    private const int FrameCount = 128;
    private const int SegmentSize = 1000;
    private const int MaxPayloadLength = 1024 * 1024;

    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;

    /// <summary>The payload bytes of every frame.</summary>
    [Params(8, 256, 4096)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int frameLength = FrameHeader.Size + PayloadLength;
        byte[] bytes = new byte[FrameCount * frameLength];
        for (int i = 0; i < FrameCount; i++)
        {
            Span<byte> frame = bytes.AsSpan(i * frameLength, frameLength);
            new FrameHeader(FrameType.Request, FrameFlags.None, callId: (uint)i + 1, methodId: 7, PayloadLength).Write(frame);
            frame[FrameHeader.Size..].Fill((byte)i);
        }

        _contiguous = new ReadOnlySequence<byte>(bytes);
        _segmented = SegmentedBuffer.Split(bytes, SegmentSize);

        // Each loop must find every frame, with its call id and payload length...
        long expected = 0;
        for (uint callId = 1; callId <= FrameCount; callId++)
        {
            expected += FrameSum(callId, PayloadLength);
        }

        foreach ((string name, long sum) in new[]
        {
            ("TryReadFrame, contiguous", TryReadFrameLoop(_contiguous)),
            ("TryReadFrame, segmented", TryReadFrameLoop(_segmented)),
            ("span loop, contiguous", SpanLoop(_contiguous)),
            ("span loop, segmented", SpanLoop(_segmented)),
        })
        {
            if (sum != expected)
            {
                throw new InvalidOperationException($"{name}: the frames parsed do not match the frames written (sum {sum}, expected {expected}).");
            }
        }

        // ...and the payload slices must hold the bytes written, including those that straddle segments.
        ReadOnlySequence<byte> remaining = _segmented;
        while (FrameParser.TryReadFrame(ref remaining, MaxPayloadLength, out FrameHeader header, out ReadOnlySequence<byte> payload))
        {
            if (payload.ToArray().Any(b => b != (byte)(header.CallId - 1)))
            {
                throw new InvalidOperationException($"The payload of frame {header.CallId} is not the one written.");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long TryReadFrameContiguous() => TryReadFrameLoop(_contiguous);

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long TryReadFrameSegmented() => TryReadFrameLoop(_segmented);

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long SpanLoopContiguous() => SpanLoop(_contiguous);

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long SpanLoopSegmented() => SpanLoop(_segmented);

    // The client's loop (ClientSession): FrameParser on the sequence, one frame at a time.
    private static long TryReadFrameLoop(ReadOnlySequence<byte> buffer)
    {
        long sum = 0;
        while (FrameParser.TryReadFrame(ref buffer, MaxPayloadLength, out FrameHeader header, out ReadOnlySequence<byte> payload))
        {
            sum += FrameSum(header.CallId, payload.Length);
        }

        return buffer.IsEmpty ? sum : -1;
    }

    // The server's loop (ServerConnection.ReadFrames) without its call handling: frames inside a segment are
    // parsed from the span; a frame that straddles segments goes through the sequence. (Here every frame is
    // complete, so an incomplete one at the end is an error: -1.)
    private static long SpanLoop(ReadOnlySequence<byte> buffer)
    {
        long sum = 0;
        while (true)
        {
            ReadOnlySpan<byte> span = buffer.FirstSpan;
            int consumed = 0;
            while (span.Length - consumed >= FrameHeader.Size)
            {
                ReadOnlySpan<byte> rest = span[consumed..];
                FrameHeader header = FrameHeader.Read(rest, MaxPayloadLength);
                if (rest.Length < FrameHeader.Size + (long)header.PayloadLength)
                {
                    break;
                }

                ReadOnlySpan<byte> payload = rest.Slice(FrameHeader.Size, header.PayloadLength);
                sum += FrameSum(header.CallId, payload.Length);
                consumed += FrameHeader.Size + header.PayloadLength;
            }

            buffer = buffer.Slice(consumed);
            if (buffer.Length < FrameHeader.Size)
            {
                return buffer.IsEmpty ? sum : -1;
            }

            // Unlike ServerConnection.ReadFrames, which returns here when the rest is one segment: when the
            // frames of a segment end exactly at its boundary, the rest starts a new segment whose frames
            // would be left unread (see the README). Try the span again first.
            if (consumed > 0)
            {
                continue;
            }

            if (buffer.IsSingleSegment)
            {
                return -1;
            }

            FrameHeader straddling = FrameHeader.Read(buffer, MaxPayloadLength);
            long frameLength = FrameHeader.Size + (long)straddling.PayloadLength;
            if (buffer.Length < frameLength)
            {
                return -1;
            }

            ReadOnlySequence<byte> straddlingPayload = buffer.Slice(FrameHeader.Size, straddling.PayloadLength);
            sum += FrameSum(straddling.CallId, straddlingPayload.Length);
            buffer = buffer.Slice(frameLength);
        }
    }

    // What each loop adds up per frame: enough to prove it found every frame with the right header and length.
    private static long FrameSum(uint callId, long payloadLength) => callId * 31L + payloadLength;
}
