namespace SocketGen.Protocols;

/// <summary>The order in which a multi-byte integer's bytes travel.</summary>
public enum ByteOrder
{
    /// <summary>Most significant byte first: network byte order, what most Internet protocols use.</summary>
    BigEndian,

    /// <summary>Least significant byte first, as x86 and ARM hold integers in memory.</summary>
    LittleEndian,
}
