namespace SocketGen.Framing;

/// <summary>The frame types of wire format version 1 (docs/wire-format.md, "Frame types").</summary>
internal enum FrameType : byte
{
    /// <summary>Client to server: call a unary or streaming method; the payload is the arguments.</summary>
    Request = 1,

    /// <summary>Server to client: the result of a unary call.</summary>
    Response = 2,

    /// <summary>Either way: a call failed (call id non-zero) or the connection failed (call id 0).</summary>
    Error = 3,

    /// <summary>Client to server: call a one-way method; nothing comes back.</summary>
    OneWay = 4,

    /// <summary>Client to server: the caller gave up on the call; cancel its token.</summary>
    Cancel = 5,

    /// <summary>Server to client: one item of a stream.</summary>
    StreamItem = 6,

    /// <summary>Server to client: the stream finished normally.</summary>
    StreamEnd = 7,

    /// <summary>Either way: are you there? Answered by <see cref="Pong"/> with the same payload.</summary>
    Ping = 8,

    /// <summary>Either way: the answer to a <see cref="Ping"/>.</summary>
    Pong = 9,

    /// <summary>Server to client: no new calls on this connection; calls in flight still complete.</summary>
    GoAway = 10,

    /// <summary>Client to server: the client can take this many more items of a stream.</summary>
    StreamCredit = 11,
}
