namespace SocketGen;

/// <summary>
/// The connection the call travelled on was lost (closed by the peer, reset, timed out by keep-alive, or
/// shut down by the server) before the call completed. The call may or may not have run on the server.
/// </summary>
public sealed class ConnectionLostException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ConnectionLostException()
        : base("The connection was lost.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
