using System.Buffers;

namespace SocketGen.Framing;

/// <summary>Cuts complete frames off the front of received bytes.</summary>
internal static class FrameParser
{
    /// <summary>Takes one complete frame off <paramref name="buffer"/>, or returns false when more bytes are needed.</summary>
    /// <exception cref="ProtocolViolationException">The header is malformed.</exception>
    /// <exception cref="LimitExceededException">The declared payload is over the limit.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxPayloadLength, out FrameHeader header, out ReadOnlySequence<byte> payload)
    {
        if (buffer.Length < FrameHeader.Size)
        {
            header = default;
            payload = default;
            return false;
        }

        header = FrameHeader.Read(buffer, maxPayloadLength);
        long frameLength = FrameHeader.Size + (long)header.PayloadLength;
        if (buffer.Length < frameLength)
        {
            payload = default;
            return false;
        }

        payload = buffer.Slice(FrameHeader.Size, header.PayloadLength);
        buffer = buffer.Slice(frameLength);
        return true;
    }

    /// <summary>Reads the next frame's header without consuming anything; false when fewer than 16 bytes are buffered.</summary>
    public static bool TryPeekHeader(ReadOnlySequence<byte> buffer, int maxPayloadLength, out FrameHeader header)
    {
        if (buffer.Length < FrameHeader.Size)
        {
            header = default;
            return false;
        }

        header = FrameHeader.Read(buffer, maxPayloadLength);
        return true;
    }
}
