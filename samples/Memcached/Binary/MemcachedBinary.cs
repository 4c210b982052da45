using SocketGen.Protocols;

namespace Memcached.Binary;

// memcached's binary protocol, declared: a 24-byte header whose total-body-length field (4 bytes at offset 8) frames
// the packet; the body is extras (their length in the header, their layout chosen by the opcode), key and value.
// Replies are matched to requests by the opaque field, so quiet commands (no reply on success) need no special case.

/// <summary>The memcached binary protocol.</summary>
[WireProtocol(typeof(BinaryRequest), typeof(BinaryResponse), MaxFrameLength = 2 * 1024 * 1024)]
[LengthPrefixed(4, ByteOrder.BigEndian, Offset = 8, HeaderLength = 24)]
public sealed partial class MemcachedBinary;

/// <summary>The binary protocol's opcodes.</summary>
public enum Opcode : byte
{
    Get = 0x00, Set = 0x01, Add = 0x02, Replace = 0x03, Delete = 0x04, Increment = 0x05, Decrement = 0x06, Quit = 0x07,
    Flush = 0x08, GetQ = 0x09, Noop = 0x0a, Version = 0x0b, GetK = 0x0c, GetKQ = 0x0d, Append = 0x0e, Prepend = 0x0f,
    Stat = 0x10, SetQ = 0x11, AddQ = 0x12, ReplaceQ = 0x13, DeleteQ = 0x14, IncrementQ = 0x15, DecrementQ = 0x16,
    QuitQ = 0x17, FlushQ = 0x18, AppendQ = 0x19, PrependQ = 0x1a, Verbosity = 0x1b, Touch = 0x1c, Gat = 0x1d, GatQ = 0x1e,
}

/// <summary>The status of a response.</summary>
public enum ResponseStatus : ushort
{
    Success = 0x00, KeyNotFound = 0x01, KeyExists = 0x02, ValueTooLarge = 0x03, InvalidArguments = 0x04,
    ItemNotStored = 0x05, NonNumericValue = 0x06, UnknownCommand = 0x81, OutOfMemory = 0x82,
}

/// <summary>A request: magic 0x80.</summary>
[BinaryLayout]
public sealed class BinaryRequest
{
    public byte Magic { get; set; } = 0x80;

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

    [Union(nameof(Opcode)), LengthFrom(nameof(ExtrasLength))]
    public IRequestExtras? Extras { get; set; }

    [LengthFrom(nameof(KeyLength))]
    public byte[] Key { get; set; } = [];

    [Remaining]
    public byte[] Value { get; set; } = [];
}

/// <summary>A response: magic 0x81.</summary>
[BinaryLayout]
public sealed class BinaryResponse
{
    public byte Magic { get; set; } = 0x81;

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

    [Union(nameof(Opcode)), LengthFrom(nameof(ExtrasLength))]
    public IResponseExtras? Extras { get; set; }

    [LengthFrom(nameof(KeyLength))]
    public byte[] Key { get; set; } = [];

    [Remaining]
    public byte[] Value { get; set; } = [];
}

/// <summary>A request's extras, chosen by its opcode.</summary>
[MessageUnion(typeof(StorageExtras), typeof(CounterExtras), typeof(ExpirationExtras), typeof(VerbosityExtras))]
public interface IRequestExtras;

/// <summary>set, add, replace (and quiet forms): flags and expiration.</summary>
[BinaryLayout, UnionCase(0x01, 0x02, 0x03, 0x11, 0x12, 0x13)]
public sealed class StorageExtras : IRequestExtras
{
    public uint Flags { get; set; }

    public uint Expiration { get; set; }
}

/// <summary>increment and decrement (and quiet forms): delta, initial value, expiration.</summary>
[BinaryLayout, UnionCase(0x05, 0x06, 0x15, 0x16)]
public sealed class CounterExtras : IRequestExtras
{
    public ulong Delta { get; set; }

    public ulong Initial { get; set; }

    public uint Expiration { get; set; }
}

/// <summary>flush (optional), touch, gat: an expiration.</summary>
[BinaryLayout, UnionCase(0x08, 0x18, 0x1c, 0x1d, 0x1e)]
public sealed class ExpirationExtras : IRequestExtras
{
    public uint Expiration { get; set; }
}

/// <summary>verbosity: the level.</summary>
[BinaryLayout, UnionCase(0x1b)]
public sealed class VerbosityExtras : IRequestExtras
{
    public uint Level { get; set; }
}

/// <summary>A response's extras, chosen by its opcode.</summary>
[MessageUnion(typeof(GetExtras))]
public interface IResponseExtras;

/// <summary>get, getq, getk, getkq, gat, gatq: the item's flags.</summary>
[BinaryLayout, UnionCase(0x00, 0x09, 0x0c, 0x0d, 0x1d, 0x1e)]
public sealed class GetExtras : IResponseExtras
{
    public uint Flags { get; set; }
}
