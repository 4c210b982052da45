using SocketGen.Rpc;

namespace SocketGen;

/// <summary>
/// The remote method failed: the server's implementation threw, or the server did not know the method.
/// The server's connection stays up; only this call failed.
/// </summary>
public sealed class RemoteException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RemoteException()
        : this(RpcErrorCode.ApplicationError, string.Empty, "The remote method failed.", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RemoteException(string message)
        : this(RpcErrorCode.ApplicationError, string.Empty, message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RemoteTypeName = string.Empty;
        ErrorCode = RpcErrorCode.ApplicationError;
    }

    /// <summary>Creates the exception from the fields of an error frame.</summary>
    /// <param name="errorCode">The error code of the frame.</param>
    /// <param name="remoteTypeName">The full name of the exception type thrown on the server.</param>
    /// <param name="message">The message of the server's exception.</param>
    /// <param name="remoteStackTrace">The server's stack trace, when the server was configured to send it.</param>
    public RemoteException(RpcErrorCode errorCode, string remoteTypeName, string message, string? remoteStackTrace)
        : base(message)
    {
        ErrorCode = errorCode;
        RemoteTypeName = remoteTypeName ?? string.Empty;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>Why the call failed: <see cref="RpcErrorCode.ApplicationError"/> or <see cref="RpcErrorCode.UnknownMethod"/>.</summary>
    public RpcErrorCode ErrorCode { get; }

    /// <summary>The full name of the exception type thrown on the server, for example <c>System.InvalidOperationException</c>.</summary>
    public string RemoteTypeName { get; }

    /// <summary>The server's stack trace; null unless the server sends exception details.</summary>
    public string? RemoteStackTrace { get; }
}
