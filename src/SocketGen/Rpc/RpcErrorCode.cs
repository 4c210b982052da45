namespace SocketGen.Rpc;

/// <summary>The error codes an error frame carries (docs/wire-format.md, "Error").</summary>
public enum RpcErrorCode
{
    /// <summary>The user's method threw; the frame carries the exception's type name and message.</summary>
    ApplicationError = 1,

    /// <summary>The server has no method with the requested id, or the method's kind does not match the frame.</summary>
    UnknownMethod = 2,

    /// <summary>The peer broke the wire format; the connection is closed after this frame.</summary>
    ProtocolViolation = 3,

    /// <summary>The preface's magic or major version did not match; the connection is closed after this frame.</summary>
    VersionMismatch = 4,

    /// <summary>A configured limit was exceeded (frame size, connections, message size).</summary>
    LimitExceeded = 5,

    /// <summary>The server is shutting down and no longer accepts calls on this connection.</summary>
    ServerStopping = 6,

    /// <summary>The call was cancelled by a cancel frame or because the server is stopping.</summary>
    Cancelled = 7,

    /// <summary>The call's deadline passed on the server before the method completed.</summary>
    DeadlineExceeded = 8,

    /// <summary>The server's connection authenticator refused the connection; it is closed after this frame (call id 0).</summary>
    Unauthenticated = 9,

    /// <summary>The server's call authorizer refused the call; the connection stays up.</summary>
    PermissionDenied = 10,

    /// <summary>
    /// The server did not start the call: the connection had its maximum of calls running and of requests
    /// waiting for a slot. Nothing of the call ran; it is safe to retry, here later or on another server.
    /// </summary>
    Refused = 11,
}
