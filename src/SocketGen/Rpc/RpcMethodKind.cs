namespace SocketGen.Rpc;

/// <summary>How a contract method is called on the wire.</summary>
public enum RpcMethodKind
{
    /// <summary>The dispatcher has no method with this id.</summary>
    Unknown,

    /// <summary>Request frame in, one response or error frame out.</summary>
    Unary,

    /// <summary>One-way frame in, nothing out.</summary>
    OneWay,

    /// <summary>Request frame in, stream item frames out (under credit flow control), then stream end or error.</summary>
    Stream,

    /// <summary>
    /// Request frame in, then the client's stream of items (under credit the server grants), then one response or
    /// error out. Wire 1.2.
    /// </summary>
    ClientStream,

    /// <summary>
    /// Request frame in, then the client's stream of items in and a stream of items out, each under its own
    /// credit, independently; the server's stream end or error ends the call. Wire 1.2.
    /// </summary>
    DuplexStream,
}
