using Memcached.Binary;
using SocketGen.Protocols;

namespace SocketGen.ProtocolBench.Allocation;

// memcached's binary protocol with fixed-size messages, as structs: an 8-byte key and an 8-byte value. A get request
// is the 24-byte header and the key; a set request adds the 8 bytes of extras (flags, expiration) and the value,
// flagged by the extras length; a get response carries 4 bytes of extras (flags) and the value, a set response the
// header alone. The same bytes memcached itself reads and writes for such keys and values.

/// <summary>memcached's binary protocol, for 8-byte keys and values.</summary>
[WireProtocol(typeof(FixedRequest), typeof(FixedResponse))]
[LengthPrefixed(4, ByteOrder.BigEndian, Offset = 8, HeaderLength = 24)]
public sealed partial class FixedSizeMemcached;

/// <summary>A get or set request.</summary>
[BinaryLayout]
public struct FixedRequest
{
    public byte Magic { get; set; }

    public Opcode Opcode { get; set; }

    public ushort KeyLength { get; set; }

    public byte ExtrasLength { get; set; }

    public byte DataType { get; set; }

    public ushort VBucket { get; set; }

    [FrameLength]
    public uint TotalBodyLength { get; set; }

    [CorrelationId]
    public uint Opaque { get; set; }

    public ulong Cas { get; set; }

    [PresentWhen(nameof(ExtrasLength), 8)]
    public uint Flags { get; set; }

    [PresentWhen(nameof(ExtrasLength), 8)]
    public uint Expiration { get; set; }

    public ulong Key { get; set; }

    [PresentWhen(nameof(ExtrasLength), 8)]
    public ulong Value { get; set; }
}

/// <summary>A get or set response.</summary>
[BinaryLayout]
public struct FixedResponse
{
    public byte Magic { get; set; }

    public Opcode Opcode { get; set; }

    public ushort KeyLength { get; set; }

    public byte ExtrasLength { get; set; }

    public byte DataType { get; set; }

    public ResponseStatus Status { get; set; }

    [FrameLength]
    public uint TotalBodyLength { get; set; }

    [CorrelationId]
    public uint Opaque { get; set; }

    public ulong Cas { get; set; }

    [PresentWhen(nameof(ExtrasLength), 4)]
    public uint Flags { get; set; }

    [PresentWhen(nameof(ExtrasLength), 4)]
    public ulong Value { get; set; }
}
