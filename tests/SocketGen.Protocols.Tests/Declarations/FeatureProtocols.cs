using SocketGen.Protocols;

namespace SocketGen.Protocols.Tests.Declarations;

// Protocols that together use every part of the declaration language; the tests round-trip them through the
// generated client and server and check their bytes.

public enum Color : ushort
{
    Red = 1,
    Green = 2,
}

/// <summary>A nested structure with one member in the other byte order.</summary>
[BinaryLayout]
public sealed class Point
{
    public short X { get; set; }

    [Endianness(ByteOrder.LittleEndian)]
    public short Y { get; set; }
}

/// <summary>A union chosen by a tag field.</summary>
[MessageUnion(typeof(Circle), typeof(Rectangle))]
public interface IShape;

[BinaryLayout, UnionCase(1)]
public sealed class Circle : IShape
{
    public ushort Radius { get; set; }
}

[BinaryLayout, UnionCase(2, 3)]
public sealed class Rectangle : IShape
{
    public ushort Width { get; set; }

    public ushort Height { get; set; }
}

/// <summary>Every field kind, little-endian by default, framed by a 4-byte little-endian length that does not count itself.</summary>
[BinaryLayout(ByteOrder = ByteOrder.LittleEndian)]
public sealed class AllFields
{
    [FrameLength]
    public uint Length { get; set; }

    public byte U8 { get; set; }

    public sbyte S8 { get; set; }

    [Endianness(ByteOrder.BigEndian)]
    public ushort U16 { get; set; }

    public short S16 { get; set; }

    public uint U32 { get; set; }

    public int S32 { get; set; }

    public ulong U64 { get; set; }

    public long S64 { get; set; }

    public bool Flag { get; set; }

    public Color Color { get; set; }

    [FixedLength(4)]
    public byte[] Magic { get; set; } = new byte[4];

    [FixedLength(8)]
    public string Name { get; set; } = "";

    public byte LabelLength { get; set; }

    [LengthFrom(nameof(LabelLength))]
    public string Label { get; set; } = "";

    public Point Origin { get; set; } = new();

    public byte Options { get; set; }

    [PresentWhen(nameof(Options), 0x01)]
    public uint Extra { get; set; }

    public byte ShapeKind { get; set; }

    [Union(nameof(ShapeKind))]
    public IShape? Shape { get; set; }

    [Remaining]
    public byte[] Payload { get; set; } = [];
}

[WireProtocol(typeof(AllFields), typeof(AllFields), MaxFrameLength = 1024)]
[LengthPrefixed(4, ByteOrder.LittleEndian)]
public sealed partial class AllFieldsProtocol;

/// <summary>A fixed-size binary message as a struct: reading and writing it allocates nothing.</summary>
[BinaryLayout]
public struct SensorReading
{
    public uint SensorId { get; set; }

    public int Temperature { get; set; }

    public ulong Time { get; set; }
}

[WireProtocol(typeof(SensorReading), typeof(SensorReading))]
[FixedSize(16)]
public sealed partial class SensorProtocol;

/// <summary>A message that delimits itself: its header gives the key's and body's lengths.</summary>
[BinaryLayout]
public sealed class Chunk
{
    public byte Type { get; set; }

    public ushort KeyLength { get; set; }

    public uint BodyLength { get; set; }

    [LengthFrom(nameof(KeyLength))]
    public string Key { get; set; } = "";

    [LengthFrom(nameof(BodyLength))]
    public byte[] Body { get; set; } = [];
}

[WireProtocol(typeof(Chunk), typeof(Chunk), MaxFrameLength = 4096)]
[SelfDelimited]
public sealed partial class ChunkProtocol;

/// <summary>A 2-byte length at offset 2 of a 6-byte header, counting the header, off by one (the length excludes a trailing checksum byte).</summary>
[BinaryLayout]
public sealed class Packet
{
    public ushort Version { get; set; }

    [FrameLength]
    public ushort Length { get; set; }

    public ushort Kind { get; set; }

    [Remaining]
    public byte[] Body { get; set; } = [];
}

[WireProtocol(typeof(Packet), typeof(Packet))]
[LengthPrefixed(2, Offset = 2, HeaderLength = 6, LengthIncludesHeader = true, Adjustment = 1)]
public sealed partial class PacketProtocol;

/// <summary>A request/reply over UDP, matched by id: the C peers in Native/udp_adder_*.c speak it.</summary>
[BinaryLayout]
public sealed class AddRequest
{
    [CorrelationId]
    public uint Id { get; set; }

    public int A { get; set; }

    public int B { get; set; }
}

[BinaryLayout]
public sealed class AddReply
{
    [CorrelationId]
    public uint Id { get; set; }

    public int Sum { get; set; }
}

[WireProtocol(typeof(AddRequest), typeof(AddReply))]
[OnePerDatagram]
public sealed partial class AdderProtocol;

/// <summary>A keyword-told union of text messages, served by a handler with one method per message type.</summary>
[TextLayout("PING")]
public sealed class Ping : IChat
{
    public string Token { get; set; } = "";
}

[TextLayout("PONG")]
public sealed class Pong : IChat
{
    public string Token { get; set; } = "";
}

[TextLayout("COUNT")]
public sealed class Count : IChat
{
    public int Value { get; set; }
}

[MessageUnion(typeof(Ping), typeof(Pong), typeof(Count))]
public interface IChat;

[WireProtocol(typeof(IChat), typeof(IChat), MaxFrameLength = 512)]
[Delimited("\r\n")]
public sealed partial class ChatProtocol;

/// <summary>
/// A top-level union of binary messages: each case carries its 1-byte Kind right after the 2-byte frame length, and
/// the reader peeks it there to choose the case. Served by a handler with one method per message type.
/// </summary>
[MessageUnion(typeof(Move), typeof(Say), TagMember = nameof(Move.Kind))]
public interface IGameMessage;

[BinaryLayout, UnionCase(1)]
public sealed class Move : IGameMessage
{
    [FrameLength]
    public ushort Length { get; set; }

    public byte Kind { get; set; } = 1;

    public short X { get; set; }

    public short Y { get; set; }
}

[BinaryLayout, UnionCase(2)]
public sealed class Say : IGameMessage
{
    [FrameLength]
    public ushort Length { get; set; }

    public byte Kind { get; set; } = 2;

    [Remaining]
    public string Text { get; set; } = "";
}

[WireProtocol(typeof(IGameMessage), typeof(IGameMessage), MaxFrameLength = 512)]
[LengthPrefixed(2)]
public sealed partial class GameProtocol;
