using BenchmarkDotNet.Attributes;
using SocketGen.Framing;

namespace SocketGen.Benchmarks.Framing;

/// <summary>
/// Cutting frames out of received bytes, per frame: 128 frames back to back in one contiguous array, read
/// with <see cref="FrameHeader.TryReadFrame"/> as the connection engine's receive loop does
/// (FramedConnection.HandleFrames reads every frame in place from its receive buffer). Frame handling is
/// left out: only the header parse and the payload slice are measured.
/// </summary>
[MemoryDiagnoser]
public class FrameParsingBenchmarks
{
    private const int FrameCount = 128;
    private const int MaxPayloadLength = 1024 * 1024;

    private byte[] _received = [];

    /// <summary>The payload bytes of every frame.</summary>
    [Params(8, 256, 4096)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int frameLength = FrameHeader.Size + PayloadLength;
        _received = new byte[FrameCount * frameLength];
        for (int i = 0; i < FrameCount; i++)
        {
            Span<byte> frame = _received.AsSpan(i * frameLength, frameLength);
            new FrameHeader(FrameType.Request, FrameFlags.None, callId: (uint)i + 1, methodId: 7, PayloadLength).Write(frame);
            frame[FrameHeader.Size..].Fill((byte)i);
        }

        // The loop must find every frame, with its call id and payload length...
        long expected = 0;
        for (uint callId = 1; callId <= FrameCount; callId++)
        {
            expected += FrameSum(callId, PayloadLength);
        }

        long sum = ReadFrames(_received);
        if (sum != expected)
        {
            throw new InvalidOperationException($"The frames parsed do not match the frames written (sum {sum}, expected {expected}).");
        }

        // ...and the payload slices must hold the bytes written.
        ReadOnlySpan<byte> rest = _received;
        while (FrameHeader.TryReadFrame(rest, MaxPayloadLength, out FrameHeader header, out int length))
        {
            if (rest.Slice(FrameHeader.Size, header.PayloadLength).ContainsAnyExcept((byte)(header.CallId - 1)))
            {
                throw new InvalidOperationException($"The payload of frame {header.CallId} is not the one written.");
            }

            rest = rest[length..];
        }
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long TryReadFrame() => ReadFrames(_received);

    // The engine's loop without its frame handling. (Here every frame is complete, so bytes left over are an error: -1.)
    private static long ReadFrames(ReadOnlySpan<byte> received)
    {
        long sum = 0;
        int consumed = 0;
        while (FrameHeader.TryReadFrame(received[consumed..], MaxPayloadLength, out FrameHeader header, out int frameLength))
        {
            ReadOnlySpan<byte> payload = received.Slice(consumed + FrameHeader.Size, header.PayloadLength);
            sum += FrameSum(header.CallId, payload.Length);
            consumed += frameLength;
        }

        return consumed == received.Length ? sum : -1;
    }

    // What the loop adds up per frame: enough to prove it found every frame with the right header and length.
    private static long FrameSum(uint callId, long payloadLength) => callId * 31L + payloadLength;
}
