using SocketGen.Rpc;

namespace SocketGen;

/// <summary>
/// The server never started this call: nothing of it ran, so it is safe to retry, on this connection later
/// or on another server. <see cref="ErrorCode"/> says why (<see cref="RpcErrorCode.Refused"/>: the connection
/// had its maximum of calls running and waiting).
/// </summary>
public sealed class CallNotStartedException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CallNotStartedException()
        : this(RpcErrorCode.Refused, "The server did not start the call.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CallNotStartedException(string message)
        : this(RpcErrorCode.Refused, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CallNotStartedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = RpcErrorCode.Refused;
    }

    /// <summary>Creates the exception for an error code.</summary>
    /// <param name="errorCode">Why the server did not start the call.</param>
    /// <param name="message">What went wrong.</param>
    public CallNotStartedException(RpcErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Why the server did not start the call.</summary>
    public RpcErrorCode ErrorCode { get; }
}
