using SocketGen.Rpc;

namespace SocketGen.Connections;

/// <summary>
/// Why a connection closed, decided once: the reason and detail that go into the log, the exception the
/// calls still pending on it fail with, and whether it was abnormal (logged as a warning).
/// </summary>
internal sealed class ConnectionClosure(string reason, string detail, Exception callError, Exception? cause, bool abnormal)
{
    /// <summary>One of <see cref="CloseReason"/>'s texts.</summary>
    public string Reason { get; } = reason;

    public string Detail { get; } = detail;

    /// <summary>What calls this side made and still waits on fail with.</summary>
    public Exception CallError { get; } = callError;

    /// <summary>The exception behind an unexpected failure, for the log; null when the reason says it all.</summary>
    public Exception? Cause { get; } = cause;

    public bool IsAbnormal { get; } = abnormal;
}
