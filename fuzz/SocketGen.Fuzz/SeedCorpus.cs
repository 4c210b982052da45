using System.Buffers.Binary;
using System.Diagnostics;
using SocketGen.Diagnostics;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Fuzz;

/// <summary>
/// The seed corpus: real prefaces, frames and payloads, made with the real writers so that the fuzzer starts
/// from bytes a peer actually sends. <c>SocketGen.Fuzz seeds fuzz/corpus</c> writes them; they are checked in.
/// </summary>
public static class SeedCorpus
{
    /// <summary>The seeds of each target, by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<byte[]>> Make()
    {
        byte[] preface = new byte[ConnectionPreface.Size];
        ConnectionPreface.Write(preface);
        List<byte[]> payloads = Decoders.Samples().ToList();

        var frames = new List<byte[]>();
        for (int i = 0; i < payloads.Count; i++)
        {
            frames.Add(Frame(FrameType.Response, FrameFlags.None, (uint)i + 1, (uint)i, payloads[i]));
        }

        byte[] deadline = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(deadline, 30_000);
        var trace = new ActivityContext(ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), ActivitySpanId.CreateFromString("00f067aa0ba902b7"), ActivityTraceFlags.Recorded);
        byte[] traced = [.. deadline, .. Decoders.Encode(trace, TraceContextCodec.Write), .. payloads[5]];
        byte[] credit = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(credit, 64);
        frames.Add([
            .. Frame(FrameType.Request, FrameFlags.HasDeadline | FrameFlags.HasTraceContext, 9, 5, traced),
            .. Frame(FrameType.Error, FrameFlags.None, 9, 5, Decoders.Encode(RpcErrorCode.ApplicationError, WriteError)),
            .. Frame(FrameType.StreamCredit, FrameFlags.None, 10, 1, credit),
            .. Frame(FrameType.Ping, FrameFlags.None, 0, 0, new byte[8]),
            .. Frame(FrameType.StreamEnd, FrameFlags.None, 10, 1, []),
        ]);

        List<byte[]> reader =
        [
            // Operation bytes (see FuzzTargets.Reader) each followed by what that read takes.
            [4, 0, 0, 0, 42, 16, 0, 0, 0, 2, (byte)'h', (byte)'i', 11, .. Decoders.Encode(1.5m, WriteDecimal)],
            [22, 0, 0, 0, 1, 0, 0, 0, 5, 0, 1, 2, 3, 4, 23, 21, 0, 0, 0, 1, 0, 24, 0, 0, 0, 1, (byte)'k', 0, 0, 0, 7],
        ];

        var decoders = new List<byte[]>();
        for (int i = 0; i < payloads.Count; i++)
        {
            decoders.Add([(byte)i, .. payloads[i]]);
        }

        return new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal)
        {
            ["preface"] = [preface, [.. preface, .. frames[0]]],
            ["frames"] = frames,
            ["reader"] = reader,
            ["decoders"] = decoders,
        };
    }

    /// <summary>Writes the seeds under <paramref name="directory"/>/target/seed-N.</summary>
    public static void Write(string directory)
    {
        foreach ((string target, IReadOnlyList<byte[]> seeds) in Make())
        {
            string folder = Path.Combine(directory, target);
            Directory.CreateDirectory(folder);
            for (int i = 0; i < seeds.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"seed-{i}"), seeds[i]);
            }
        }
    }

    private static void WriteError(ref WireWriter writer, RpcErrorCode code) => ErrorPayload.Write(ref writer, code, "System.Exception", "boom", null);

    private static void WriteDecimal(ref WireWriter writer, decimal value) => writer.WriteDecimal(value);

    private static byte[] Frame(FrameType type, FrameFlags flags, uint callId, uint methodId, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[FrameHeader.Size + payload.Length];
        new FrameHeader(type, flags, callId, methodId, payload.Length).Write(frame);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }
}
