using System.Buffers.Binary;

namespace SocketGen.Bench.Servers;

/// <summary>
/// The slice of the SocketGen wire format (docs/wire-format.md) that the servers written without the
/// generator need: preface, 16-byte big-endian frame header, and the two bench methods' payloads.
/// </summary>
internal static class BenchWire
{
    public const uint AddMethodId = 1;
    public const uint EchoMethodId = 2;
    public const int PrefaceSize = 8;
    public const int HeaderSize = 16;
    public const byte RequestFrame = 1;
    public const byte ResponseFrame = 2;

    /// <summary>Frames above this are refused, the engine's default limit.</summary>
    public const int MaxPayloadLength = 1024 * 1024;

    public static ReadOnlySpan<byte> Preface => [(byte)'S', (byte)'G', (byte)'R', (byte)'P', 1, 0, 0, 0];

    /// <summary>0 while more bytes are needed, 1 when the preface is good, -1 when it is wrong.</summary>
    public static int CheckPreface(ReadOnlySpan<byte> received)
    {
        int length = Math.Min(received.Length, 4);
        if (!received[..length].SequenceEqual(Preface[..length]))
        {
            return -1;
        }

        if (received.Length < PrefaceSize)
        {
            return 0;
        }

        return received[4] == 1 ? 1 : -1;
    }

    /// <summary>Reads a request header; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static void ReadRequestHeader(ReadOnlySpan<byte> header, out uint callId, out uint methodId, out int payloadLength)
    {
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        if (header[0] != RequestFrame || header[1] != 0 || header[2] != 0 || header[3] != 0 || length > MaxPayloadLength)
        {
            throw new InvalidDataException("Not a valid request frame header.");
        }

        callId = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        methodId = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        payloadLength = (int)length;
    }

    public static void WriteResponseHeader(Span<byte> destination, uint callId, uint methodId, int payloadLength)
    {
        destination[0] = ResponseFrame;
        destination[1] = 0;
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], callId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], methodId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], (uint)payloadLength);
    }

    /// <summary>Checks an Echo payload: a big-endian int32 length, then exactly that many bytes.</summary>
    public static void ValidateEchoPayload(ReadOnlySpan<byte> lengthPrefix, int payloadLength)
    {
        if (payloadLength < 4 || BinaryPrimitives.ReadInt32BigEndian(lengthPrefix) != payloadLength - 4)
        {
            throw new InvalidDataException("An Echo payload's length prefix does not match the frame.");
        }
    }
}
