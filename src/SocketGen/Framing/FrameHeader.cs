using System.Buffers.Binary;

namespace SocketGen.Framing;

/// <summary>
/// The 16-byte frame header, every field big-endian: type (1), flags (1), reserved (2, zero),
/// call id (4), method id (4), payload length (4).
/// </summary>
internal readonly struct FrameHeader
{
    /// <summary>The header's size in bytes.</summary>
    public const int Size = 16;

    public FrameHeader(FrameType type, FrameFlags flags, uint callId, uint methodId, int payloadLength)
    {
        Type = type;
        Flags = flags;
        CallId = callId;
        MethodId = methodId;
        PayloadLength = payloadLength;
    }

    public FrameType Type { get; }

    public FrameFlags Flags { get; }

    public uint CallId { get; }

    public uint MethodId { get; }

    public int PayloadLength { get; }

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        destination[1] = (byte)Flags;
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), CallId);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MethodId);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), (uint)PayloadLength);
    }

    /// <summary>
    /// Reads the frame at the front of <paramref name="received"/>: true when all of it is there, with its
    /// header and its whole length (header and payload). False when it is not: <paramref name="frameLength"/>
    /// is then the length the frame will have once its header has arrived, or 0 while the header is incomplete.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The header is malformed.</exception>
    /// <exception cref="LimitExceededException">The declared payload is larger than <paramref name="maxPayloadLength"/>.</exception>
    public static bool TryReadFrame(ReadOnlySpan<byte> received, int maxPayloadLength, out FrameHeader header, out int frameLength)
    {
        if (received.Length < Size)
        {
            header = default;
            frameLength = 0;
            return false;
        }

        header = Read(received, maxPayloadLength);
        frameLength = Size + header.PayloadLength;
        return received.Length >= frameLength;
    }

    /// <summary>
    /// Reads and validates a header from at least <see cref="Size"/> bytes. The declared length is checked
    /// against the limit here, before the payload is waited for or any buffer is sized for it.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The header is malformed.</exception>
    /// <exception cref="LimitExceededException">The declared payload is larger than <paramref name="maxPayloadLength"/>.</exception>
    public static FrameHeader Read(ReadOnlySpan<byte> span, int maxPayloadLength)
    {
        byte type = span[0];
        byte flags = span[1];
        if (type is < (byte)FrameType.Request or > (byte)FrameType.StreamCredit)
        {
            throw new ProtocolViolationException($"Unknown frame type {type}.");
        }

        if (span[2] != 0 || span[3] != 0)
        {
            throw new ProtocolViolationException("The reserved bytes of a frame header are not zero.");
        }

        const byte callFlags = (byte)(FrameFlags.HasDeadline | FrameFlags.HasTraceContext | FrameFlags.HasMetadata);
        if ((flags & ~callFlags) != 0
            || ((flags & callFlags) != 0 && type is not ((byte)FrameType.Request or (byte)FrameType.OneWay)))
        {
            throw new ProtocolViolationException($"Flags 0x{flags:X2} are not valid on a frame of type {(FrameType)type}.");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(12));
        if (length > (uint)maxPayloadLength)
        {
            throw new LimitExceededException($"A frame declares a payload of {length} bytes; the limit is {maxPayloadLength}.");
        }

        return new FrameHeader(
            (FrameType)type,
            (FrameFlags)flags,
            BinaryPrimitives.ReadUInt32BigEndian(span.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(span.Slice(8)),
            (int)length);
    }
}
