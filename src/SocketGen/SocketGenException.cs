namespace SocketGen;

/// <summary>The base class of every error the SocketGen runtime raises on purpose.</summary>
public class SocketGenException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SocketGenException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SocketGenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SocketGenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
