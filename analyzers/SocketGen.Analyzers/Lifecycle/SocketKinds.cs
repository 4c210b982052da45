namespace SocketGen.Analyzers.Lifecycle;

/// <summary>The socket types (SocketType) a socket may have, as a set: joined by union where paths meet.</summary>
[System.Flags]
internal enum SocketKinds : byte
{
    /// <summary>No kind: only for the empty set.</summary>
    None = 0,

    /// <summary>SocketType.Stream: connection-oriented.</summary>
    Stream = 1,

    /// <summary>SocketType.Dgram: connectionless.</summary>
    Dgram = 2,

    /// <summary>Raw, Seqpacket, Rdm.</summary>
    Other = 4,

    /// <summary>Not known.</summary>
    Any = Stream | Dgram | Other,
}
