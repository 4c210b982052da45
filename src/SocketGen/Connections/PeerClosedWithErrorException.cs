using SocketGen.Framing;
using SocketGen.Serialization;

namespace SocketGen.Connections;

/// <summary>
/// The peer sent a connection-level error frame (call id 0) and is closing: ends the receive loop without
/// answering it with an error of this side's own.
/// </summary>
internal sealed class PeerClosedWithErrorException : Exception
{
    private PeerClosedWithErrorException(string message, Exception callError)
        : base(message)
    {
        CallError = callError;
    }

    /// <summary>What the calls this side made fail with.</summary>
    public Exception CallError { get; }

    /// <summary>Reads the error frame's payload.</summary>
    /// <exception cref="ProtocolViolationException">The payload is malformed.</exception>
    public static PeerClosedWithErrorException Read(ReadOnlySpan<byte> payload, string peerName)
    {
        var reader = new WireReader(payload);
        ErrorPayload.Read(ref reader, out Rpc.RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
        Exception error = ErrorPayload.ToException(code, typeName, message, stackTrace);
        Exception callError = error is ProtocolViolationException or AccessDeniedException
            ? error
            : new ConnectionLostException($"The {peerName} closed the connection: {message}", error);
        return new PeerClosedWithErrorException($"the {peerName} closed the connection with an error: {message}", callError);
    }
}
