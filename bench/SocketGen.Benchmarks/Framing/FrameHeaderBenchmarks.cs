using BenchmarkDotNet.Attributes;
using SocketGen.Framing;

namespace SocketGen.Benchmarks.Framing;

/// <summary>
/// The 16-byte frame header on its own: writing it, and reading and validating it from the received bytes.
/// </summary>
[MemoryDiagnoser]
public class FrameHeaderBenchmarks
{
    private const int MaxPayloadLength = 1024 * 1024;

    private static readonly FrameHeader s_header = new(FrameType.Request, FrameFlags.HasDeadline, callId: 0x01020304, methodId: 0xA1B2C3D4, payloadLength: 4096);

    private readonly byte[] _destination = new byte[FrameHeader.Size];
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = new byte[FrameHeader.Size];
        s_header.Write(_bytes);

        Verify(FrameHeader.Read(_bytes, MaxPayloadLength));
    }

    [Benchmark]
    public byte Write()
    {
        s_header.Write(_destination);
        return _destination[15];
    }

    [Benchmark]
    public uint ReadFromSpan() => FrameHeader.Read(_bytes, MaxPayloadLength).CallId;

    private static void Verify(FrameHeader read)
    {
        if (read.Type != s_header.Type || read.Flags != s_header.Flags || read.CallId != s_header.CallId
            || read.MethodId != s_header.MethodId || read.PayloadLength != s_header.PayloadLength)
        {
            throw new InvalidOperationException("A frame header did not survive a write/read round trip.");
        }
    }
}
