using System.Buffers.Binary;
using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>The frames of a stream, written the same way in both directions: credit, and items under credit.</summary>
internal static class StreamFrames
{
    /// <summary>Writes a credit frame: a u32 item count, then (wire 1.2) a u32 byte count when bytes are counted.</summary>
    public static void WriteCredit(FrameWriter writer, uint callId, uint methodId, uint items, uint? bytes)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, items);
        int length = 4;
        if (bytes is { } byteCredit)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload.Slice(4), byteCredit);
            length = 8;
        }

        writer.WriteFrame(FrameType.StreamCredit, FrameFlags.None, callId, methodId, payload.Slice(0, length));
    }

    /// <summary>Reads a credit frame's payload: 4 bytes (items) or 8 (items, then bytes); anything else is a violation.</summary>
    /// <exception cref="ProtocolViolationException">The payload is neither 4 nor 8 bytes long, or grants nothing.</exception>
    public static void ReadCredit(ReadOnlySpan<byte> payload, out uint items, out uint? bytes)
    {
        if (payload.Length is not (4 or 8))
        {
            throw new ProtocolViolationException($"A stream credit frame carries 4 or 8 bytes, not {payload.Length}.");
        }

        items = BinaryPrimitives.ReadUInt32BigEndian(payload);
        bytes = payload.Length == 8 ? BinaryPrimitives.ReadUInt32BigEndian(payload.Slice(4)) : null;
        if (items == 0 && bytes is null or 0)
        {
            // Checked here, whether or not the call is known: such a frame is malformed, not late.
            throw new ProtocolViolationException("A stream credit that grants nothing is not valid.");
        }
    }

    /// <summary>
    /// Encodes an item, writes it as a stream item frame and takes its credit (the caller waited for credit).
    /// False when the connection no longer sends.
    /// </summary>
    /// <exception cref="LimitExceededException">The item is larger than the frame cap.</exception>
    public static bool WriteItem<T>(FrameWriter writer, uint callId, uint methodId, T item, WireEncoder<T> encodeItem, StreamSendCredit credit)
    {
        WireBuffer buffer = WireBuffer.Rent(writer.MaxPayloadLength);
        try
        {
            var wire = new WireWriter(buffer);
            encodeItem(ref wire, item);
            credit.Take(buffer.Length);
            return writer.WriteFrame(FrameType.StreamItem, FrameFlags.None, callId, methodId, buffer.WrittenSpan);
        }
        finally
        {
            WireBuffer.Return(buffer);
        }
    }
}
