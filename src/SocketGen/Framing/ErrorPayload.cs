using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Framing;

/// <summary>The payload of an error or goaway frame: code (uint32), type name, message, stack trace (strings).</summary>
internal static class ErrorPayload
{
    public static void Write(ref WireWriter writer, RpcErrorCode code, string typeName, string message, string? stackTrace)
    {
        writer.WriteUInt32((uint)code);
        writer.WriteString(typeName);
        writer.WriteString(message);
        writer.WriteString(stackTrace);
    }

    /// <summary>Writes a declared fault's data after the payload's fields; false when its encoder threw.</summary>
    public static bool TryWriteFault(ref WireWriter writer, WireBuffer buffer, WireEncoder<Exception> encoder, Exception fault)
    {
        try
        {
            encoder(ref writer, fault);
            return true;
        }
        catch (Exception)
        {
            buffer.Depth = 0;
            return false;
        }
    }

    /// <summary>
    /// The exception a caller sees for a call's error frame: a declared fault's own type when the frame carries
    /// its data and a generated client registered it, otherwise as <see cref="ToException"/> says.
    /// </summary>
    public static Exception ToCallException(ref WireReader reader)
    {
        Read(ref reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
        if (code == RpcErrorCode.ApplicationError)
        {
            try
            {
                if (WireFaults.TryDecode(typeName, ref reader, out Exception? fault) && fault is not null)
                {
                    return fault;
                }
            }
            catch (ProtocolViolationException violation)
            {
                return violation;
            }
        }

        return ToException(code, typeName, message, stackTrace);
    }

    /// <summary>Reads an error payload; malformed fields throw <see cref="ProtocolViolationException"/>.</summary>
    public static void Read(ref WireReader reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace)
    {
        code = (RpcErrorCode)reader.ReadUInt32();
        typeName = reader.ReadString() ?? string.Empty;
        message = reader.ReadString() ?? string.Empty;
        stackTrace = reader.ReadString();
    }

    /// <summary>The exception a caller sees for an error frame.</summary>
    public static Exception ToException(RpcErrorCode code, string typeName, string message, string? stackTrace) => code switch
    {
        RpcErrorCode.ProtocolViolation or RpcErrorCode.VersionMismatch => new ProtocolViolationException($"The server reported a protocol violation: {message}"),
        RpcErrorCode.LimitExceeded => new LimitExceededException($"The server reported an exceeded limit: {message}"),
        RpcErrorCode.Refused => new CallNotStartedException(code, $"The server did not start the call: {message}"),
        RpcErrorCode.ServerStopping => new CallNotStartedException(code, $"The server is stopping and did not start the call: {message}"),
        RpcErrorCode.DeadlineExceeded => new DeadlineExceededException($"The call's deadline passed on the server: {message}"),
        RpcErrorCode.Cancelled => new CallCancelledByServerException($"The server cancelled the call: {message}"),
        RpcErrorCode.UnknownMethod => new RemoteException(code, typeName, message, stackTrace),
        RpcErrorCode.Unauthenticated or RpcErrorCode.PermissionDenied => new AccessDeniedException(code, message),
        _ => new RemoteException(RpcErrorCode.ApplicationError, typeName, message, stackTrace),
    };
}
