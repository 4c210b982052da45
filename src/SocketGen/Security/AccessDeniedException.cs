using SocketGen.Rpc;

namespace SocketGen;

/// <summary>
/// The server refused: the connection was not authenticated (<see cref="RpcErrorCode.Unauthenticated"/>;
/// the connection is closed), or the call was not authorized (<see cref="RpcErrorCode.PermissionDenied"/>;
/// the connection stays up). The message carries the server's reason.
/// </summary>
public sealed class AccessDeniedException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AccessDeniedException()
        : this(RpcErrorCode.PermissionDenied, "Access denied.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public AccessDeniedException(string message)
        : this(RpcErrorCode.PermissionDenied, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AccessDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = RpcErrorCode.PermissionDenied;
        Reason = message;
    }

    /// <summary>Creates the exception from an error frame's code and reason.</summary>
    /// <param name="errorCode"><see cref="RpcErrorCode.Unauthenticated"/> or <see cref="RpcErrorCode.PermissionDenied"/>.</param>
    /// <param name="reason">The server's reason.</param>
    public AccessDeniedException(RpcErrorCode errorCode, string reason)
        : base(errorCode == RpcErrorCode.Unauthenticated ? "The server refused the connection: " + reason : "The server refused the call: " + reason)
    {
        ErrorCode = errorCode;
        Reason = reason;
    }

    /// <summary><see cref="RpcErrorCode.Unauthenticated"/> (connection refused) or <see cref="RpcErrorCode.PermissionDenied"/> (call refused).</summary>
    public RpcErrorCode ErrorCode { get; }

    /// <summary>The reason the server gave.</summary>
    public string Reason { get; }
}
