using System.Buffers;
using SocketGen.Diagnostics;
using SocketGen.Framing;
using SocketGen.Serialization;
using SocketGen.Timing;

namespace SocketGen.Fuzz;

/// <summary>One fuzz target: runs an input and throws when it finds a bug (any exception other than the refusals the target allows).</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>
/// The fuzz targets. Each feeds arbitrary bytes to code that reads what a peer sends and lets escape only the
/// exceptions that code promises for bad input (<see cref="ProtocolViolationException"/>, and
/// <see cref="LimitExceededException"/> for a frame header over the limit); anything else is a finding.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The payload limit the frame target reads with: small, so that declared lengths often exceed it.</summary>
    private const int MaxPayloadLength = 1 << 16;

    /// <summary>The targets by name, as fuzz/run.sh and the corpus folders name them.</summary>
    public static readonly IReadOnlyDictionary<string, FuzzTarget> ByName = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["preface"] = Preface,
        ["frames"] = Frames,
        ["reader"] = Reader,
        ["decoders"] = GeneratedDecoders,
    };

    /// <summary>The connection preface check, over every prefix of the input as it would arrive byte by byte.</summary>
    public static void Preface(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        for (int length = 0; length <= Math.Min(bytes.Length, ConnectionPreface.Size + 1); length++)
        {
            string? verdict = ConnectionPreface.Validate(bytes.AsSpan(0, length));
            bool good = length >= ConnectionPreface.Size && bytes.AsSpan(0, 4).SequenceEqual(ConnectionPreface.Magic) && bytes[4] == ConnectionPreface.MajorVersion;
            if (good != (verdict == string.Empty))
            {
                throw new FuzzFindingException($"The preface check said '{verdict}' for {Convert.ToHexString(bytes, 0, length)}.");
            }
        }
    }

    /// <summary>A received byte stream after the preface: frame headers, and each frame's payload read as its receiver reads it.</summary>
    public static void Frames(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> received = input;
        while (true)
        {
            FrameHeader header;
            int frameLength;
            try
            {
                if (!FrameHeader.TryReadFrame(received, MaxPayloadLength, out header, out frameLength))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is ProtocolViolationException or LimitExceededException)
            {
                return; // the connection would be closed here
            }

            try
            {
                ReadPayload(header, received.Slice(FrameHeader.Size, header.PayloadLength));
            }
            catch (ProtocolViolationException)
            {
                // This frame is refused; the stream goes on, to reach the frames behind it.
            }

            received = received.Slice(frameLength);
        }
    }

    /// <summary>The wire reader driven by the input itself: each step reads an operation byte, then does that read.</summary>
    public static void Reader(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var scopes = new Stack<WireObjectScope>();
        var dictionary = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (reader.BytesRemaining > 0)
            {
                switch (reader.ReadByte() % 26)
                {
                    case 0: reader.ReadBoolean(); break;
                    case 1: reader.ReadSByte(); break;
                    case 2: reader.ReadInt16(); break;
                    case 3: reader.ReadUInt16(); break;
                    case 4: reader.ReadInt32(); break;
                    case 5: reader.ReadUInt32(); break;
                    case 6: reader.ReadInt64(); break;
                    case 7: reader.ReadUInt64(); break;
                    case 8: reader.ReadChar(); break;
                    case 9: reader.ReadSingle(); break;
                    case 10: reader.ReadDouble(); break;
                    case 11: reader.ReadDecimal(); break;
                    case 12: reader.ReadGuid(); break;
                    case 13: reader.ReadDateTime(); break;
                    case 14: reader.ReadDateTimeOffset(); break;
                    case 15: reader.ReadTimeSpan(); break;
                    case 16: reader.ReadString(); break;
                    case 17: reader.ReadByteArray(); break;
                    case 18: reader.ReadBytes(); break;
                    case 19: reader.ReadBytesSpan(); break;
                    case 20: reader.ReadHasValue(); break;
                    case 21:
                        int count = reader.ReadCount();
                        if (count > reader.BytesRemaining)
                        {
                            throw new FuzzFindingException($"ReadCount returned {count} with {reader.BytesRemaining} bytes left.");
                        }

                        break;
                    case 22:
                        scopes.Push(reader.BeginObject(out int fieldCount));
                        if (fieldCount < 0)
                        {
                            throw new FuzzFindingException($"BeginObject returned a field count of {fieldCount}.");
                        }

                        break;
                    case 23:
                        if (scopes.Count > 0)
                        {
                            reader.EndObject(scopes.Pop());
                        }

                        break;
                    case 24:
                        WireReader.AddEntry(dictionary, reader.ReadString()!, reader.ReadInt32());
                        break;
                    default:
                        TraceContextCodec.Read(ref reader);
                        break;
                }
            }
        }
        catch (ProtocolViolationException)
        {
            // Refused, as malformed input must be.
        }
    }

    /// <summary>The decoders the generator writes for a contract with every supported type: the first byte picks one.</summary>
    public static void GeneratedDecoders(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        Decoders.All[input[0] % Decoders.All.Length](input.Slice(1));
    }

    private static void ReadPayload(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        switch (header.Type)
        {
            case FrameType.Request or FrameType.OneWay:
                if ((header.Flags & FrameFlags.HasDeadline) != 0)
                {
                    TimeSpan delay = Timeouts.DeadlineFromWire(reader.ReadUInt32());
                    using var timer = new CancellationTokenSource();
                    timer.CancelAfter(delay); // the server arms exactly this timer: it must accept any deadline
                }

                if ((header.Flags & FrameFlags.HasTraceContext) != 0)
                {
                    TraceContextCodec.Read(ref reader);
                }

                DecodeBody(header.MethodId, payload.Slice(payload.Length - reader.BytesRemaining));
                break;
            case FrameType.Response or FrameType.StreamItem:
                DecodeBody(header.MethodId, payload);
                break;
            case FrameType.Error or FrameType.GoAway:
                ErrorPayload.Read(ref reader, out Rpc.RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
                _ = ErrorPayload.ToException(code, typeName, message, stackTrace);
                break;
            case FrameType.StreamCredit:
                reader.ReadUInt32();
                break;
            default:
                break;
        }
    }

    private static void DecodeBody(uint methodId, ReadOnlySpan<byte> body) => Decoders.All[(int)(methodId % (uint)Decoders.All.Length)](body);
}
