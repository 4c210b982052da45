namespace SocketGen;

/// <summary>
/// The peer sent bytes that break the wire format (docs/wire-format.md): a wrong preface or version, an
/// unknown frame type, a malformed header or a payload that does not decode. The connection is closed.
/// </summary>
public sealed class ProtocolViolationException : SocketGenException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ProtocolViolationException()
        : base("The peer violated the SocketGen wire protocol.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ProtocolViolationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
