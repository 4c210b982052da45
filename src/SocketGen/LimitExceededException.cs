namespace SocketGen;

/// <summary>
/// A configured limit was exceeded: a frame larger than the maximum payload, too many connections, or a
/// message too large to send. Raised locally before anything is sent, or when the peer reports it.
/// </summary>
public sealed class LimitExceededException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LimitExceededException()
        : base("A configured limit was exceeded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public LimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public LimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
