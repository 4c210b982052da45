namespace SocketGen;

/// <summary>
/// The server cancelled the call's handler: it is stopping and the drain time ran out, or the connection is
/// closing. The call may have run in part. Not an <see cref="OperationCanceledException"/>, which means the
/// caller's own token cancelled it.
/// </summary>
public sealed class CallCancelledByServerException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CallCancelledByServerException()
        : base("The server cancelled the call.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public CallCancelledByServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CallCancelledByServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
