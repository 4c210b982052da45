using System.Buffers.Binary;
using System.Diagnostics;
using SocketGen.Serialization;

namespace SocketGen.Diagnostics;

/// <summary>
/// The trace-context extension of request and one-way frames (docs/wire-format.md, "Trace context"): a length
/// byte, then a version byte (0), the W3C trace id (16 bytes), the parent span id (8 bytes) and the trace
/// flags (1 byte). The length lets a later version append fields that this one skips.
/// </summary>
internal static class TraceContextCodec
{
    public const byte Version = 0;

    /// <summary>The bytes after the length byte in version 0.</summary>
    public const int Version0Length = 1 + 16 + 8 + 1;

    public static void Write(ref WireWriter writer, ActivityContext context)
    {
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        context.TraceId.CopyTo(traceId);
        context.SpanId.CopyTo(spanId);
        writer.WriteByte(Version0Length);
        writer.WriteByte(Version);
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(traceId));
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(traceId.Slice(8)));
        writer.WriteUInt64(BinaryPrimitives.ReadUInt64BigEndian(spanId));
        writer.WriteByte((byte)context.TraceFlags);
    }

    /// <summary>Reads the extension; returns default when its version is unknown (the bytes are skipped).</summary>
    /// <exception cref="ProtocolViolationException">The extension is truncated.</exception>
    public static ActivityContext Read(ref WireReader reader)
    {
        int length = reader.ReadByte();
        if (length == 0)
        {
            return default;
        }

        byte version = reader.ReadByte();
        if (version != Version || length < Version0Length)
        {
            for (int i = 1; i < length; i++)
            {
                reader.ReadByte();
            }

            return default;
        }

        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(traceId, reader.ReadUInt64());
        BinaryPrimitives.WriteUInt64BigEndian(traceId.Slice(8), reader.ReadUInt64());
        BinaryPrimitives.WriteUInt64BigEndian(spanId, reader.ReadUInt64());
        var flags = (ActivityTraceFlags)(reader.ReadByte() & 1);
        for (int i = Version0Length; i < length; i++)
        {
            reader.ReadByte();
        }

        if (traceId.IndexOfAnyExcept((byte)0) < 0 || spanId.IndexOfAnyExcept((byte)0) < 0)
        {
            return default;
        }

        return new ActivityContext(ActivityTraceId.CreateFromBytes(traceId), ActivitySpanId.CreateFromBytes(spanId), flags, isRemote: true);
    }
}
