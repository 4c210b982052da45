namespace SocketGen;

/// <summary>
/// The call's deadline (<see cref="SocketClientOptions.CallTimeout"/>) passed before it completed, on the
/// client or on the server (gRPC's DEADLINE_EXCEEDED). The call may have run, in part or whole; the server
/// cancelled its handler. Not an <see cref="OperationCanceledException"/>: nobody cancelled it. It derives
/// from <see cref="TimeoutException"/>, so code that caught that still does.
/// </summary>
public sealed class DeadlineExceededException : TimeoutException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DeadlineExceededException()
        : base("The call's deadline passed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public DeadlineExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DeadlineExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
